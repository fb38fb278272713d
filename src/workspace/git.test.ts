import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { GitError } from "../errors/index.ts";
import { gitArgv, gitEnv, isNetworky, runGit } from "./git.ts";
import { makeRepo, tempDir } from "./test-support.ts";

const TOKEN = "ghs_abcdefghijklmnopqrstuvwxyz0123456789";

test("runGit returns output and forces hooks and fsmonitor off", async (t) => {
  const repo = makeRepo(tempDir(t));
  const { stdout } = await runGit(["log", "--format=%s"], { cwd: repo });
  assert.equal(stdout.trim(), "initial");
  const hooks = await runGit(["config", "core.hooksPath"], { cwd: repo });
  assert.equal(hooks.stdout.trim(), "/dev/null");
  const fsmonitor = await runGit(["config", "--bool", "core.fsmonitor"], { cwd: repo });
  assert.equal(fsmonitor.stdout.trim(), "false");
});

test("the child environment is an allow-list, never process.env wholesale", async (t) => {
  const repo = makeRepo(tempDir(t));
  process.env.BOOTY_TEST_LEAK = "leaked-value";
  t.after(() => delete process.env.BOOTY_TEST_LEAK);
  const { stdout } = await runGit(["-c", "alias.showenv=!env", "showenv"], {
    cwd: repo,
    env: { GIT_AUTHOR_NAME: "A", GIT_DIR: "/elsewhere", NODE_OPTIONS: "--x" },
  });
  assert.doesNotMatch(stdout, /leaked-value/);
  assert.match(stdout, /^GIT_AUTHOR_NAME=A$/m);
  assert.doesNotMatch(stdout, /^GIT_DIR=/m);
  assert.doesNotMatch(stdout, /^NODE_OPTIONS=/m);
  assert.match(stdout, /^GIT_TERMINAL_PROMPT=0$/m);
  assert.match(stdout, /^GIT_CONFIG_NOSYSTEM=1$/m);
});

test("a failure names the subcommand and the first error line and is not retryable", async (t) => {
  const repo = makeRepo(tempDir(t));
  const error = await runGit(["checkout", "no-such-branch"], { cwd: repo }).catch((e: unknown) => e);
  assert.ok(error instanceof GitError);
  assert.match(error.message, /^git checkout failed: error: pathspec 'no-such-branch'/);
  assert.equal(error.retryable, false);
});

test("a refused connection is retryable", async (t) => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  const error = await runGit(["ls-remote", `http://127.0.0.1:${port}/x.git`], { cwd: tempDir(t) }).catch(
    (e: unknown) => e,
  );
  assert.ok(error instanceof GitError);
  assert.equal(error.retryable, true, error.message);
});

test("a timeout kills git and is retryable", async (t) => {
  const repo = makeRepo(tempDir(t));
  const started = Date.now();
  const error = await runGit(["-c", "alias.nap=!sleep 5", "nap"], { cwd: repo, timeoutMs: 200 }).catch(
    (e: unknown) => e,
  );
  assert.ok(error instanceof GitError);
  assert.match(error.message, /^git nap failed: timed out$/);
  assert.equal(error.retryable, true);
  assert.ok(Date.now() - started < 3000);
});

test("the token reaches only its origin, as a header, and never argv or messages", async (t) => {
  const seen: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    seen.push(req.headers);
    res.writeHead(503).end(`echo ${req.headers.authorization}`);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.after(() => server.close());
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const cwd = tempDir(t);
  const error = await runGit(["ls-remote", `${origin}/o/r.git`], { cwd, token: TOKEN, tokenOrigin: origin }).catch(
    (e: unknown) => e,
  );
  assert.ok(error instanceof GitError);
  assert.equal(error.retryable, true, error.message);
  assert.doesNotMatch(error.message, new RegExp(TOKEN));
  const expected = `basic ${Buffer.from(`x-access-token:${TOKEN}`).toString("base64")}`;
  assert.equal(seen[0]?.authorization, expected);

  seen.length = 0;
  await runGit(["ls-remote", `${origin}/o/r.git`], { cwd, token: TOKEN, tokenOrigin: "https://github.com" }).catch(
    () => undefined,
  );
  assert.equal(seen[0]?.authorization, undefined, "a token for another origin must not be sent");

  const argv = gitArgv(["ls-remote", `${origin}/o/r.git`]).join(" ");
  assert.doesNotMatch(argv, new RegExp(TOKEN));
  const env = gitEnv({ token: TOKEN, tokenOrigin: origin });
  assert.equal(env.GIT_CONFIG_KEY_0, `http.${origin}/.extraheader`);
});

test("network trouble is recognised from stderr", () => {
  assert.equal(isNetworky("fatal: unable to access 'https://x/': Could not resolve host: x"), true);
  assert.equal(isNetworky("fatal: the remote end hung up unexpectedly"), true);
  assert.equal(isNetworky("error: The requested URL returned error: 502"), true);
  assert.equal(isNetworky("error: The requested URL returned error: 404"), false);
  assert.equal(isNetworky("fatal: not a git repository"), false);
});

test("the operator's global config never applies: a ~/.gitconfig filter does not run on git add", async (t) => {
  const dir = tempDir(t);
  const home = join(dir, "home");
  const marker = join(dir, "filter-ran");
  mkdirSync(home);
  // What an operator's own config may hold, and what a model-written `.gitattributes` could point at.
  writeFileSync(join(home, ".gitconfig"), `[filter "demo"]\n\tclean = touch ${marker} && cat\n\trequired = true\n`);
  mkdirSync(join(home, ".config", "git"), { recursive: true });
  writeFileSync(join(home, ".config", "git", "attributes"), "*.txt filter=demo\n");
  const repo = makeRepo(join(dir, "repo"));
  writeFileSync(join(repo, ".gitattributes"), "* filter=demo\n");
  writeFileSync(join(repo, "a.txt"), "hello\n");
  const saved = process.env.HOME;
  process.env.HOME = home;
  t.after(() => {
    process.env.HOME = saved;
  });
  await runGit(["add", "-A"], { cwd: repo });
  assert.equal(existsSync(marker), false, "the global filter ran during booty's git add");
  const { stdout } = await runGit(["config", "--show-origin", "--list"], { cwd: repo });
  assert.doesNotMatch(stdout, /filter\.demo/);
  assert.equal(gitEnv({}).GIT_CONFIG_GLOBAL, "/dev/null");
  assert.notEqual(gitEnv({}).HOME, home);
});
