import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { promisify } from "node:util";
import { tempDir } from "../../src/workspace/test-support.ts";
import { BOOTY_BIN } from "../support/cli.ts";
import { ANALYSIS, PLAN, sampleRepo, writeScript } from "../support/pipeline-fixtures.ts";

const run = promisify(execFile);
const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** util-linux's `script` gives the command a terminal, as a person running booty has. */
async function onTerminal(args: string[], env: Record<string, string>): Promise<string> {
  const command = [process.execPath, BOOTY_BIN, ...args].map(quote).join(" ");
  const result = await run("script", ["-qec", command, "/dev/null"], {
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", TERM: "dumb", ...env },
  }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  return result.stdout;
}

test("a failed run on a terminal states its error once, in the summary", async (t) => {
  const dir = tempDir(t, "booty-tty-");
  const repo = sampleRepo(join(dir, "repo"));
  writeFileSync(join(dir, ".gitconfig"), "[user]\n\tname = Test User\n\temail = test@example.com\n");
  const wrong = {
    ...PLAN,
    changes: [{ ...PLAN.changes[0], edits: [{ search: "zzz_not_there()\n", replace: "x\n" }] }],
  };
  const script = writeScript(dir, { analyze: ANALYSIS, generate: wrong });
  const out = await onTerminal(
    ["run", "--repo", repo, "--title", "Add subtract", "--model", `script:${script}`, "--no-verify"],
    { HOME: dir, BOOTY_DATA_DIR: join(dir, "data") },
  );
  assert.match(out, /✖ booty run failed/);
  const mentions = out.match(/the lines to change are not in the file/g) ?? [];
  assert.equal(mentions.length, 1, `the error shows once on the terminal:\n${out}`);
});
