import assert from "node:assert/strict";
import { mkdirSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { GitError } from "../errors/index.ts";
import { silentLogger } from "../log/logger.ts";
import { withLock } from "./lock.ts";
import { tempDir } from "./test-support.ts";

const logger = silentLogger();

test("holders run one at a time", async (t) => {
  const path = join(tempDir(t), "mirror.git");
  const events: string[] = [];
  const hold = (name: string) =>
    withLock(path, logger, async () => {
      events.push(`${name}+`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      events.push(`${name}-`);
    });
  await Promise.all([hold("a"), hold("b")]);
  assert.match(events.join(" "), /^(a\+ a- b\+ b-|b\+ b- a\+ a-)$/);
});

test("a lock left by a dead holder is taken over once stale; a live one times out as retryable", async (t) => {
  const path = join(tempDir(t), "mirror.git");
  mkdirSync(`${path}.lock`);
  const old = new Date(Date.now() - 60_000);
  utimesSync(`${path}.lock`, old, old);
  assert.equal(await withLock(path, logger, async () => "ran", { staleMs: 5_000, waitMs: 1_000 }), "ran");

  mkdirSync(`${path}.lock`);
  const error = await withLock(path, logger, async () => "ran", { staleMs: 60_000, waitMs: 300 }).catch(
    (e: unknown) => e,
  );
  assert.ok(error instanceof GitError);
  assert.equal(error.retryable, true);
});
