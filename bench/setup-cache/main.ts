/**
 * `npm run bench:setup-cache [-- --runs 3]`: a real setup_command (`python3 -m venv .venv`, offline, with
 * pip) in a real sandbox, first job against the next job on the same repository, which restores the
 * cached result. Goal: the second job's setup within 0.1× of the first's. Each run uses a fresh cache.
 */
import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { silentLogger } from "../../src/log/logger.ts";
import { createSandbox, createScratch, runSetup } from "../../src/sandbox/index.ts";

const { values } = parseArgs({ options: { runs: { type: "string" }, command: { type: "string" } } });
const runs = Math.max(1, Number(values.runs ?? 3));
const command = values.command ?? "python3 -m venv .venv";
const GOAL = 0.1;

const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();
const base = await mkdtemp(join(tmpdir(), "booty-bench-setup-"));
await chmod(base, 0o755);
const repo = join(base, "repo");
execFileSync("mkdir", ["-p", repo]);
await writeFile(join(repo, "requirements.txt"), "# none\n");
git(repo, "init", "-q", "-b", "main");
git(repo, "add", "-A");
git(repo, "-c", "user.name=b", "-c", "user.email=b@example.com", "commit", "-q", "-m", "init");

let job = 0;
async function setupOnce(cacheDir: string, tmpfs: boolean) {
  job += 1;
  const sandbox = await createSandbox({
    mode: "bwrap",
    logger: silentLogger(),
    setupCache: { dir: cacheDir, maxBytes: 5 * 1024 ** 3 },
  });
  const worktree = join(base, `wt-${job}`);
  git(repo, "worktree", "add", "-q", "--detach", worktree);
  const files = git(worktree, "ls-files").split("\n");
  // As a root booty makes them: the copy on a tmpfs of its own, so the restore copies instead of linking.
  const size = tmpfs ? { sizeBytes: sandbox.limits.workspaceBytes } : {};
  const scratch = await createScratch({ source: worktree, files, uid: sandbox.uid, parent: base, ...size });
  const started = performance.now();
  const r = await runSetup({
    sandbox,
    source: worktree,
    dir: scratch.dir,
    files,
    command,
    network: false,
    timeoutMs: 300_000,
    logger: silentLogger(),
  });
  const ms = performance.now() - started;
  if (r.exitCode !== 0) throw new Error(`setup failed: ${r.output}`);
  const check = await sandbox.run({
    root: scratch.dir,
    command: ".venv/bin/python -c 'import sys; print(sys.prefix)'",
    timeoutMs: 30_000,
    network: false,
  });
  if (check.exitCode !== 0) throw new Error(`the environment does not work: ${check.output}`);
  await scratch.dispose();
  return { ms, fromCache: r.fromCache };
}

const rows: string[] = [];
const ratios: Record<string, number[]> = { "hard links": [], "tmpfs copy": [] };
try {
  for (let i = 0; i < runs; i++) {
    for (const [label, tmpfs] of [
      ["hard links", false],
      ["tmpfs copy", true],
    ] as const) {
      const cacheDir = join(base, `cache-${label.replace(" ", "-")}-${i}`);
      const first = await setupOnce(cacheDir, tmpfs);
      const second = await setupOnce(cacheDir, tmpfs);
      if (first.fromCache || !second.fromCache) throw new Error("expected a run, then a restore");
      const ratio = second.ms / first.ms;
      ratios[label]?.push(ratio);
      rows.push(
        `run ${i + 1} (${label}): first job ${first.ms.toFixed(0)} ms (setup ran), second ${second.ms.toFixed(0)} ms (restored), ${ratio.toFixed(3)}×`,
      );
    }
  }
} finally {
  await rm(base, { recursive: true, force: true });
}
process.stdout.write(`setup_command: ${command}\n${rows.join("\n")}\n`);
for (const [label, list] of Object.entries(ratios)) {
  const sorted = [...list].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const verdict = median <= GOAL ? "met" : "NOT met";
  process.stdout.write(
    `${label}: median ${median.toFixed(3)}×, worst ${(sorted.at(-1) ?? 0).toFixed(3)}× (goal ≤ ${GOAL}×: ${verdict})\n`,
  );
}
