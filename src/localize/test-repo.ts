import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { TestContext } from "node:test";

/** A committed git repository in a temp folder holding `files`, removed when the test ends. */
export function tempRepo(
  t: Pick<TestContext, "after">,
  files: Record<string, string | Uint8Array>,
): { root: string; files: string[]; commit: string } {
  const root = mkdtempSync(join(tmpdir(), "booty-localize-"));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const git = (...args: string[]) =>
    execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@t", ...args], { cwd: root, encoding: "utf8" });
  git("init", "-q");
  git("add", "-A");
  git("commit", "-q", "--allow-empty", "-m", "init");
  return { root, files: Object.keys(files), commit: git("rev-parse", "HEAD").trim() };
}
