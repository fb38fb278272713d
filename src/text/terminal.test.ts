import assert from "node:assert/strict";
import { test } from "node:test";
import { forTerminal } from "./terminal.ts";

test("escape sequences and bidi overrides are shown, not obeyed; newlines, tabs and other text stay", () => {
  assert.equal(forTerminal("\x1b[2J\x1b]52;c;ZXZpbA==\x07red\x9b1m"), "\ufffd[2J\ufffd]52;c;ZXZpbA==\ufffdred\ufffd1m");
  assert.equal(forTerminal("evil\u202Etxt.exe\u2066x\u2069"), "evil\ufffdtxt.exe\ufffdx\ufffd");
  assert.equal(forTerminal("a\tb\nc — ünïcödé 👍\r"), "a\tb\nc — ünïcödé 👍\ufffd");
});
