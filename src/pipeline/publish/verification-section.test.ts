import assert from "node:assert/strict";
import { test } from "node:test";
import { verificationSection, withVerification } from "./verification-section.ts";

test("a follow-up replaces the body's verification section and keeps everything around it", () => {
  const body = `## Testing\n\nrun it\n\n${verificationSection("**Verified:** no")}\n\n_Cost: 1 model call._\n\nCloses #7\n`;
  const updated = withVerification(body, "**Verified:** yes");
  assert.equal(
    updated,
    `## Testing\n\nrun it\n\n${verificationSection("**Verified:** yes")}\n\n_Cost: 1 model call._\n\nCloses #7\n`,
  );
  assert.equal(withVerification(updated, "**Verified:** yes"), updated, "replacing twice changes nothing more");
});

test("a body without the section (written by hand) gets it at the end", () => {
  assert.equal(
    withVerification("Fixes the thing.\n\n", "**Verified:** yes"),
    `Fixes the thing.\n\n${verificationSection("**Verified:** yes")}\n`,
  );
});
