import assert from "node:assert/strict";
import { test } from "node:test";
import { toPermission } from "./permission.ts";

test("the role name wins over the legacy field that folds maintain and triage away", () => {
  assert.equal(toPermission({ permission: "write", role_name: "maintain" }), "maintain");
  assert.equal(toPermission({ permission: "read", role_name: "triage" }), "triage");
  assert.equal(toPermission({ permission: "admin", role_name: "admin" }), "admin");
});

test("a custom role maps to the strongest base permission it grants", () => {
  const flags = { admin: false, maintain: false, push: true, triage: true, pull: true };
  assert.equal(
    toPermission({ permission: "write", role_name: "security-reviewer", user: { permissions: flags } }),
    "write",
  );
  assert.equal(toPermission({ permission: "read", role_name: "auditor", user: null }), "read");
  assert.equal(toPermission({ permission: "weird", role_name: "" }), "none");
});
