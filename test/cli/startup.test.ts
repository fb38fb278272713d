import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { tempDir } from "../../src/workspace/test-support.ts";
import { runBooty } from "../support/cli.ts";
import { sampleRepo } from "../support/pipeline-fixtures.ts";

const RECORDER = join(import.meta.dirname, "../support/record-loads.ts");

/** Runs booty with the recorder preloaded; returns the packages (node_modules) and src/ modules it loaded. */
async function loadsOf(t: { after(fn: () => void): void }, args: string[]) {
  const dir = tempDir(t, "booty-loads-");
  const file = join(dir, "loads.txt");
  const env = { HOME: dir, BOOTY_DATA_DIR: join(dir, "data"), LOG_LEVEL: "silent", BOOTY_TEST_LOADS_FILE: file };
  const result = await runBooty(args, env, undefined, ["--import", RECORDER]);
  assert.equal(result.code, 0, result.stderr);
  const urls = readFileSync(file, "utf8").split("\n");
  const packages = new Set(urls.flatMap((u) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1] ?? []));
  const sources = urls.flatMap((u) => /\/src\/(.+\.ts)$/.exec(u)?.[1] ?? []);
  return { packages, sources, dir };
}

test("booty --help and --version load commander and booty's command descriptions, nothing heavier", async (t) => {
  for (const args of [["--help"], ["--version"], ["run", "--help"], ["context", "--help"]]) {
    const { packages, sources } = await loadsOf(t, args);
    assert.deepEqual([...packages], ["commander"], args.join(" "));
    for (const source of sources)
      assert.match(source, /^(cli\/|errors\/|text\/|pipeline\/report\/|localize\/budget\.ts$)/, args.join(" "));
  }
});

const HEAVY = /^(ai|@ai-sdk\/.*|@octokit\/.*|pg-boss|pg|@electric-sql\/pglite)$/;

test("booty context ranks files without loading the model, forge or queue libraries", async (t) => {
  const { dir } = await loadsOf(t, ["--version"]);
  const repo = sampleRepo(join(dir, "repo"));
  const { packages, sources } = await loadsOf(t, ["context", "--repo", repo, "--title", "add() is wrong"]);
  assert.ok(
    sources.some((s) => s.startsWith("localize/")),
    "the recorder saw the ranking code: it does record",
  );
  assert.deepEqual(
    [...packages].filter((p) => HEAVY.test(p)),
    [],
  );
  assert.deepEqual(
    sources.filter((s) => /^(model|forge|queue|service|server|intake)\//.test(s)),
    [],
  );
});
