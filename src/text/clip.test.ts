import assert from "node:assert/strict";
import { test } from "node:test";
import { clip, clipStart, clipWith, oneLine } from "./clip.ts";

test("clip never splits a surrogate pair", () => {
  const text = `${"x".repeat(79)}😀tail`;
  assert.equal(clip(text, 80), "x".repeat(79));
  assert.equal(clip(text, 81), `${"x".repeat(79)}😀`);
  assert.ok(clip(text, 80).isWellFormed());
  assert.equal(clip("short", 80), "short");
  assert.equal(clip("😀", 1), "");
});

test("clipWith marks the cut and stays within the limit", () => {
  assert.equal(clipWith("abcdefgh", 6), "abc...");
  assert.equal(clipWith("ab😀cde", 6), "ab...");
  assert.equal(clipWith("abc", 6), "abc");
});

test("clipStart keeps the end without starting inside a surrogate pair", () => {
  assert.equal(clipStart(`😀${"y".repeat(4)}`, 5), "yyyy");
  assert.equal(clipStart(`😀${"y".repeat(4)}`, 6), `😀yyyy`);
  assert.equal(clipStart("abc", 5), "abc");
});

test("oneLine folds whitespace and marks a cut after the limit", () => {
  assert.equal(oneLine("  a\n\tb   c ", 10), "a b c");
  assert.equal(oneLine("abcdef ghij", 6, "..."), "abcdef...");
  assert.equal(oneLine(`${"x".repeat(5)}😀 z`, 6), "xxxxx", "no half emoji");
});
