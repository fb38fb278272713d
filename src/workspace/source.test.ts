import assert from "node:assert/strict";
import { resolve } from "node:path";
import { test } from "node:test";
import { InputError } from "../errors/index.ts";
import { parseSource } from "./source.ts";

test("local paths, https, ssh, scp-like and file URLs are recognised", () => {
  assert.deepEqual(parseSource("./repo"), { kind: "local", path: resolve("repo") });
  const https = parseSource("https://github.com/Owner/Repo.git");
  assert.equal(https.kind, "url");
  if (https.kind !== "url") return;
  assert.equal(https.httpOrigin, "https://github.com");
  assert.match(https.mirrorPath, /^github\.com\/Owner\/Repo-[0-9a-f]{8}\.git$/);
  const scp = parseSource("git@github.com:owner/repo.git");
  assert.ok(scp.kind === "url" && scp.httpOrigin === undefined && scp.mirrorPath.startsWith("github.com/owner/repo-"));
  const ssh = parseSource("ssh://git@example.com:2222/a/b");
  assert.ok(ssh.kind === "url" && ssh.mirrorPath.startsWith("example.com_2222/a/b-"));
  const file = parseSource("file:///srv/git/x%20y.git");
  assert.ok(file.kind === "url" && file.mirrorPath.startsWith("file/srv/git/x_y-"), JSON.stringify(file));
  const dots = parseSource("file:///srv/%2E%2E/..%2F..%2Fetc/.hidden");
  assert.ok(dots.kind === "url", JSON.stringify(dots));
  if (dots.kind === "url") assert.ok(!dots.mirrorPath.split("/").some((part) => part.startsWith(".")), dots.mirrorPath);
});

test("dangerous or unsupported sources are refused", () => {
  for (const source of [
    "",
    "-uhack",
    "ext::sh -c id",
    "fd::3",
    "ftp://x/y",
    "https://x:tok@github.com/o/r",
    "https://tok@github.com/o/r",
    "https://github.com/o/r?x=1",
    "https://github.com/",
  ]) {
    assert.throws(() => parseSource(source), InputError, source);
  }
});
