import assert from "node:assert/strict";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { appendLocalRun, type LocalRun, LocalRunsFile } from "./local-runs.ts";

const run = (n: number): LocalRun => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  repo: "/home/alice/calc",
  issueNumber: n,
  title: `Run ${n}`,
  actor: "alice",
  startedAt: "2026-12-03T00:00:00.000Z",
  finishedAt: "2026-12-03T00:01:00.000Z",
  status: "succeeded",
  error: null,
  branch: null,
  report: { timings: {} } as LocalRun["report"],
});
const LINE = Buffer.byteLength(`${JSON.stringify(run(1))}\n`);
const numbers = (runs: LocalRun[]) => runs.map((r) => r.issueNumber);

describe("booty run's runs.jsonl", () => {
  const setup = (t: { after(fn: () => void): void }) => {
    const dir = mkdtempSync(join(tmpdir(), "booty-local-runs-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    // Rotated once it holds three runs.
    return { dir, append: (n: number) => appendLocalRun(dir, run(n), 3 * LINE) };
  };

  it("keeps the newest runs only: past its cap it becomes runs.1.jsonl, replacing the one before", async (t) => {
    const { dir, append } = setup(t);
    for (let n = 1; n <= 8; n++) await append(n);
    const lines = (name: string) => readFileSync(join(dir, name), "utf8").trim().split("\n").length;
    assert.equal(lines("runs.1.jsonl"), 3);
    assert.equal(lines("runs.jsonl"), 2);
    assert.deepEqual(numbers(await new LocalRunsFile(dir).read()), [4, 5, 6, 7, 8], "runs 1 to 3 are gone");
    assert.equal(existsSync(join(dir, "runs.2.jsonl")), false);
  });

  it("a reader reads each run once across a rotation, and lines still written to the rotated file", async (t) => {
    const { dir, append } = setup(t);
    const file = new LocalRunsFile(dir);
    await append(1);
    await append(2);
    assert.deepEqual(numbers(await file.read()), [1, 2]);
    await append(3);
    await append(4); // rotates: runs 1 to 3 become runs.1.jsonl
    assert.deepEqual(numbers(await file.read()), [3, 4]);
    // A run that opened the file before the rotation appends to the renamed one.
    appendFileSync(join(dir, "runs.1.jsonl"), `${JSON.stringify(run(5))}\n`);
    await append(6);
    assert.deepEqual(numbers(await file.read()), [5, 6]);
    assert.deepEqual(numbers(await file.read()), []);
  });
});
