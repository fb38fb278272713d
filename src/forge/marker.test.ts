import assert from "node:assert/strict";
import { test } from "node:test";
import { InputError } from "../errors/index.ts";
import { commentMarker, withMarker } from "./marker.ts";

test("the marker is a hidden HTML comment appended once", () => {
  assert.equal(commentMarker("status"), "<!-- booty:status -->");
  const body = withMarker("Working on it\n", "status");
  assert.equal(body, "Working on it\n\n<!-- booty:status -->");
  assert.equal(withMarker(body, "status"), body);
});

test("marker names cannot smuggle markup", () => {
  for (const bad of ["", "a -->", "x<script>", "a b", "x".repeat(65)]) {
    assert.throws(() => commentMarker(bad), InputError, bad);
  }
});
