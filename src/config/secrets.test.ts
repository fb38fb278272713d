import assert from "node:assert/strict";
import { test } from "node:test";
import { loadConfig } from "./index.ts";
import { secretValues } from "./secrets.ts";

test("the dashboard's token is a secret too, scrubbed like the others", () => {
  const config = loadConfig({
    HOME: "/h",
    BOOTY_UI_TOKEN: "a-dashboard-token-0123456789",
    WEBHOOK_SECRET: "hook-secret-1234",
  });
  assert.deepEqual(secretValues(config).sort(), ["a-dashboard-token-0123456789", "hook-secret-1234"]);
  assert.deepEqual(secretValues(loadConfig({ HOME: "/h" })), []);
});
