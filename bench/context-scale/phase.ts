/**
 * One measured phase in its own process, so that peak RSS belongs to that phase alone:
 * `phase.ts floor|rank ROOT CACHE_DIR COMMIT` prints `{"ms":…,"maxRssMb":…}`.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { localize } from "../../src/localize/index.ts";
import { blobKeys } from "../../src/workspace/blob-ids.ts";

const [mode, root = ".", cacheDir = "", commit = ""] = process.argv.slice(2);
const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 })
  .split("\0")
  .filter(Boolean);
const started = performance.now();
if (mode === "floor") {
  let bytes = 0;
  for (const f of files) bytes += readFileSync(join(root, f)).length;
  void bytes;
} else {
  const issue = {
    title: "Refund total is wrong when a discount applies",
    body: 'Calling `handle_refund_discount_120` from the invoice report gives the wrong tax.\n\n```\nTraceback (most recent call last):\n  File "pkg20/sub1/refund_discount_120.py", line 20, in handle_refund_discount_120\nValueError: bad\n```',
  };
  await localize({ root, files, issue, cacheDir, commit, listBlobs: blobKeys, budget: 27_000, top: 20 });
}
const ms = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ ms: Math.round(ms), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), files: files.length })}\n`,
);
