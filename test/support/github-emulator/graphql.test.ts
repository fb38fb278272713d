/** The emulator's GraphQL endpoint: the review-threads query booty sends, and GitHub's errors for the rest. */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { REVIEW_THREADS_QUERY } from "../../../src/forge/github/review-threads.ts";
import { type Emulator, startGitHubEmulator } from "./index.ts";

const where = { owner: "octo", repo: "app" };
let emulator: Emulator;
let token = "";
let pull = 0;
let root = 0;

before(async () => {
  emulator = await startGitHubEmulator();
  await emulator.createRepo({ ...where, files: { "a.py": "a = 1\nb = 2\n" } });
  await emulator.commit({ ...where, branch: "topic", files: { "a.py": "a = 10\nb = 20\n" } });
  pull = emulator.openPull({ ...where, head: "topic" }).number;
  root = (await emulator.addReviewComment({ ...where, pull, author: "rita", path: "a.py", line: 1, body: "why?" })).id;
  token = emulator.issueToken({ login: "reader" });
});
after(() => emulator.close());

async function ask(query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${emulator.url}/graphql`, {
    method: "POST",
    headers: { authorization: `bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  assert.equal(res.status, 200, "GitHub answers GraphQL errors with 200");
  return (await res.json()) as { data?: unknown; errors?: Array<Record<string, unknown>> };
}

const vars = () => ({ owner: "octo", name: "app", number: pull, after: null });

test("booty's query gets each thread's state and first comment; resolving and reopening show", async () => {
  emulator.resolveThread({ ...where, pull, commentId: root });
  const answer = await ask(REVIEW_THREADS_QUERY, vars());
  assert.deepEqual(answer, {
    data: {
      repository: {
        pullRequest: {
          reviewThreads: {
            nodes: [{ isResolved: true, isOutdated: false, comments: { nodes: [{ databaseId: root }] } }],
            pageInfo: { hasNextPage: false, endCursor: expectCursor(answer) },
          },
        },
      },
    },
  });
  emulator.unresolveThread({ ...where, pull, commentId: root });
  const reopened = JSON.stringify(await ask(REVIEW_THREADS_QUERY, vars()));
  assert.match(reopened, /"isResolved":false/);
});

function expectCursor(answer: { data?: unknown }): string {
  const cursor = JSON.stringify(answer.data).match(/"endCursor":"([^"]+)"/)?.[1];
  assert.ok(cursor, "a cursor for the last thread");
  return cursor;
}

test("any other field is refused the way GitHub words it", async () => {
  const answer = await ask(`{ repository(owner: "octo", name: "app") { pullRequest(number: ${pull}) { title } } }`);
  assert.equal(answer.data, undefined);
  assert.deepEqual(answer.errors?.[0]?.extensions, {
    code: "undefinedField",
    typeName: "PullRequest",
    fieldName: "title",
  });
  assert.equal(answer.errors?.[0]?.message, "Field 'title' doesn't exist on type 'PullRequest'");
  const broken = await ask("{ repository(owner: ");
  assert.match(String(broken.errors?.[0]?.message), /^Syntax Error/);
  assert.ok(Array.isArray(broken.errors?.[0]?.locations), "with where it went wrong");
});

test("a connection needs `first`, at most 100, as on GitHub", async () => {
  const q = (args: string) =>
    `{ repository(owner: "octo", name: "app") { pullRequest(number: ${pull}) { reviewThreads${args} { pageInfo { hasNextPage } } } } }`;
  assert.match(String((await ask(q(""))).errors?.[0]?.message), /must provide a `first` or `last` value/);
  assert.match(String((await ask(q("(first: 101)"))).errors?.[0]?.message), /exceeds the `first` limit of 100/);
});

test("a repository or pull request out of reach is NOT_FOUND, with the type beside the message", async () => {
  const missing = await ask(REVIEW_THREADS_QUERY, { ...vars(), number: 999 });
  assert.deepEqual(missing.data, { repository: { pullRequest: null } });
  assert.deepEqual(
    missing.errors?.map((e) => [e.type, e.message, e.path]),
    [["NOT_FOUND", "Could not resolve to a PullRequest with the number of 999.", ["repository", "pullRequest"]]],
  );
  await emulator.createRepo({ owner: "secret", repo: "x", private: true });
  token = emulator.issueToken({ login: "reader", repos: ["octo/app"] });
  const hidden = await ask(REVIEW_THREADS_QUERY, { ...vars(), owner: "secret", name: "x" });
  assert.deepEqual(hidden.data, { repository: null });
  assert.equal(hidden.errors?.[0]?.type, "NOT_FOUND");
});
