import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { ForgeError } from "../../errors/index.ts";
import { silentLogger } from "../../log/logger.ts";
import { forgeCall } from "./errors.ts";
import { createClient } from "./octokit.ts";

/** A GitHub stand-in answering every request with the given status, headers and message. */
async function answering(status: number, headers: Record<string, string>, message: string) {
  const server = createServer((_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify({ message }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { apiUrl, close: () => new Promise((r) => server.close(r)) };
}

async function failureOf(status: number, headers: Record<string, string>, message: string): Promise<ForgeError> {
  const github = await answering(status, headers, message);
  try {
    // Throttling on, as in production: a rate limit it would wait out for over two minutes is given back.
    const client = createClient({ apiUrl: github.apiUrl, logger: silentLogger(), retries: 0 });
    const ref = { owner: "octo", repo: "calc" };
    const error = await forgeCall("get issue", ref, () =>
      client.rest.issues.get({ owner: "octo", repo: "calc", issue_number: 1 }),
    ).then(
      () => assert.fail("the call should fail"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof ForgeError);
    return error;
  } finally {
    await github.close();
  }
}

test("a rate limit answered 403 is retryable: the queue tries again later", async () => {
  const reset = String(Math.floor(Date.now() / 1000) + 3600);
  const primary = await failureOf(
    403,
    { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset },
    "API rate limit exceeded for installation.",
  );
  assert.equal(primary.retryable, true, primary.message);
  const secondary = await failureOf(403, { "retry-after": "600" }, "You have exceeded a secondary rate limit.");
  assert.equal(secondary.retryable, true, secondary.message);
});

test("a 403 that is not a rate limit stays permanent, and says what GitHub said", async () => {
  const denied = await failureOf(403, { "x-ratelimit-remaining": "4999" }, "Resource not accessible by integration");
  assert.equal(denied.retryable, false);
  assert.match(denied.message, /GitHub get issue failed for octo\/calc: 403 Resource not accessible by integration/);
});
