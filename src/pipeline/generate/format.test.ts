import assert from "node:assert/strict";
import { test } from "node:test";
import { AUTO_WHOLE_MAX_LINES, resolveFormat } from "./format.ts";

test("auto asks for whole files only when every file is short, and a set format is kept", () => {
  const short = { content: "x\n".repeat(AUTO_WHOLE_MAX_LINES - 1) };
  const long = { content: "x\n".repeat(AUTO_WHOLE_MAX_LINES + 1) };
  assert.equal(resolveFormat("auto", [short, short]), "whole");
  assert.equal(resolveFormat("auto", [short, long]), "search-replace");
  assert.equal(resolveFormat("auto", []), "search-replace");
  assert.equal(resolveFormat("udiff", [short]), "udiff");
  assert.equal(resolveFormat(undefined, [short]), "search-replace");
});
