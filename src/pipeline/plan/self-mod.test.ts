import assert from "node:assert/strict";
import { test } from "node:test";
import { PolicyError } from "../../errors/index.ts";
import { assertNoProtectedChanges, selfModificationRules } from "./index.ts";

test("self-modification is recognised by owner/name or by path, and only then", () => {
  const rules = selfModificationRules("Acme/Booty", { fullName: "acme/booty" });
  assert.equal(rules?.draft, true);
  assert.deepEqual(rules?.labels, ["self-modification"]);
  assert.ok(rules?.checks.some((c) => c.includes("tsc --noEmit")));
  assert.equal(selfModificationRules("acme/booty", { fullName: "acme/other" }), null);
  assert.equal(selfModificationRules(undefined, { fullName: "acme/booty" }), null);
  assert.notEqual(selfModificationRules(process.cwd(), { path: `${process.cwd()}/.` }), null);
});

test("changes to protected paths are refused with the path named", () => {
  const patterns = selfModificationRules("acme/booty", { fullName: "acme/booty" })?.protectedPaths ?? [];
  assertNoProtectedChanges(["src/cli/run.ts", "README.md"], patterns);
  for (const path of [
    ".github/workflows/ci.yml",
    "src/sandbox/argv.ts",
    "src/security/path-policy.ts",
    "SRC/Config/load.ts",
    "package.json",
  ]) {
    assert.throws(
      () => assertNoProtectedChanges(["README.md", path], patterns),
      (e: unknown) => e instanceof PolicyError && e.message.includes(path.replace(/^\.?\//, "")),
    );
  }
});
