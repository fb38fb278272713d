import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runBooty } from "../support/cli.ts";

test("booty serve without its settings names every missing one, in one line, and starts nothing", async (t) => {
  const home = mkdtempSync(join(tmpdir(), "booty-serve-cli-"));
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const { code, stdout, stderr } = await runBooty(["serve"], { HOME: home, BOOTY_DATA_DIR: join(home, "data") });
  assert.equal(code, 1);
  assert.equal(stdout, "");
  assert.equal(stderr.split("\n").length, 2, stderr);
  assert.match(stderr, /^booty: .*WEBHOOK_SECRET: expected.*GITHUB_TOKEN: expected.*ANTHROPIC_API_KEY: expected/);
  assert.equal(existsSync(join(home, "data")), false, "no database was created");
  const worker = await runBooty(["worker"], { HOME: home, BOOTY_MODEL: "openai:gpt-5" });
  assert.match(worker.stderr, /^booty: .*GITHUB_TOKEN: expected.*OPENAI_API_KEY: expected[^\n]*\n$/);
});
