import assert from "node:assert/strict";
import { test } from "node:test";
import { publicMarkdown, publicPlainText, withoutHostPaths } from "./public-text.ts";

const LIVE = /\b(close[sd]?|fix(e[sd])?|resolve[sd]?):?\s+((https?:\/\/\S+)|([\w.-]+\/[\w.-]+)?#\d+)/gi;

test("closing keywords stay live only for the job's own issue", () => {
  const out = publicMarkdown("Fixes #2, fixes #3 and closes demo/other#4. Closes #7. Resolves: #7", {
    issue: 7,
    repo: "demo/app",
  });
  assert.deepEqual(
    [...out.matchAll(LIVE)].map((m) => m[0]),
    ["Closes #7", "Resolves: #7"],
  );
  assert.match(out, /Fixes `#2`, fixes `#3` and closes `demo\/other#4`/);
  assert.equal(publicMarkdown("closes demo/app#7", { issue: 7, repo: "demo/app" }), "closes demo/app#7");
  const url = publicMarkdown("fixes https://github.com/demo/other/issues/4", { issue: 4 });
  assert.equal([...url.matchAll(LIVE)].length, 0, url);
  assert.equal(publicPlainText("Fixes #2\nCloses #7", { issue: 7 }), "Fixes `#2`\nCloses #7");
});

test("mentions are defanged, e-mail addresses left alone", () => {
  const out = publicMarkdown("cc @admin-team and @demo/owners, mail a@b.com", {});
  assert.equal(out, "cc `@admin-team` and `@demo/owners`, mail a@b.com");
});

test("HTML comments are removed, an unclosed one included, and raw HTML is escaped outside code", () => {
  const out = publicMarkdown("before <!-- hidden --> after <!-- the rest of the page", {});
  assert.equal(out, "before  after ");
  assert.equal(
    publicMarkdown('<img src="x" onerror=y> <details>', {}),
    '&lt;img src="x" onerror=y&gt; &lt;details&gt;',
  );
  assert.equal(publicMarkdown("use `Array<string>` here", {}), "use `Array<string>` here");
  assert.equal(
    publicMarkdown("```ts\nconst a: Array<T> = []; // @x\n```\n", {}),
    "```ts\nconst a: Array<T> = []; // @x\n```\n",
  );
});

test("an unclosed code fence is closed so it cannot swallow what follows", () => {
  const out = publicMarkdown("text\n```\nswallow <b>", {});
  assert.equal(out, "text\n```\nswallow <b>\n```");
});

test("host paths are cut to their last component", () => {
  assert.equal(
    withoutHostPaths("ENOSPC: no space left on device, write '/var/lib/booty/mirrors/demo+app/objects/x'"),
    "ENOSPC: no space left on device, write '…/x'",
  );
  assert.equal(
    withoutHostPaths("see https://github.com/demo/app/pull/1 and src/a.ts"),
    "see https://github.com/demo/app/pull/1 and src/a.ts",
  );
});

test("a number without '#' is not a reference and stays as written", () => {
  assert.equal(publicMarkdown("this fixes 3 bugs", { issue: 1 }), "this fixes 3 bugs");
});
