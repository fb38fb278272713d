import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { type Emulator, startGitHubEmulator } from "./index.ts";
import { signAppJwt } from "./jwt.ts";
import { createSpecValidator } from "./openapi.ts";

/** Async on purpose: the emulator serves from this same process, a sync spawn would deadlock it. */
function git(args: string[], env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "git",
      args,
      { env: { PATH: process.env.PATH ?? "", GIT_TERMINAL_PROMPT: "0", ...env }, timeout: 20_000 },
      (error, _out, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
    );
  });
}

describe("GitHub emulator auth", () => {
  let emulator: Emulator;
  let clock = Date.now();
  let home: string;
  before(async () => {
    emulator = await startGitHubEmulator({ now: () => clock });
    home = await mkdtemp(path.join(tmpdir(), "emu-auth-"));
    await emulator.createRepo({ owner: "octo", repo: "one" });
    await emulator.createRepo({ owner: "octo", repo: "two" });
  });
  after(async () => {
    await emulator.close();
    await rm(home, { recursive: true, force: true });
  });

  const get = (url: string, authorization?: string) =>
    fetch(url, { headers: authorization ? { authorization } : {} }).then(async (r) => ({
      status: r.status,
      headers: r.headers,
      text: await r.text(),
    }));

  test("git over HTTP needs a valid token and says so with a challenge", async () => {
    const refs = `${emulator.url}/octo/one.git/info/refs?service=git-upload-pack`;
    const anonymous = await get(refs);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers.get("www-authenticate") ?? "", /^Basic /);
    assert.equal((await get(refs, `Basic ${Buffer.from("x-access-token:ghp_wrong").toString("base64")}`)).status, 401);
    const token = emulator.issueToken();
    assert.equal((await get(refs, `Basic ${Buffer.from(`x-access-token:${token}`).toString("base64")}`)).status, 200);
    const started = Date.now();
    const cloned = await git(["ls-remote", `${emulator.url}/octo/one.git`], { HOME: home });
    assert.notEqual(cloned.code, 0);
    assert.match(cloned.stderr, /terminal prompts disabled|Authentication failed/);
    assert.ok(Date.now() - started < 10_000, "git gave up at once instead of waiting for a prompt");
  });

  test("app JWTs are verified and installation tokens are scoped and expire", async () => {
    const { id } = emulator.addInstallation({ account: "octo", repos: ["one", "two"] });
    const key = emulator.app.privateKeyPem ?? assert.fail("no key");
    const mint = (authorization: string, body: unknown) =>
      fetch(`${emulator.url}/app/installations/${id}/access_tokens`, {
        method: "POST",
        headers: { authorization, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    const forged = signAppJwt(emulator.app.id, (await startKey()).privateKeyPem, clock);
    assert.equal((await mint(`Bearer ${forged}`, {})).status, 401);
    assert.equal((await mint(`Bearer ${signAppJwt(999, key, clock)}`, {})).status, 401);
    const jwt = `Bearer ${signAppJwt(emulator.app.id, key, clock)}`;
    assert.equal((await mint(jwt, { repositories: ["elsewhere"] })).status, 422);
    assert.equal((await mint(jwt, { permissions: { administration: "write" } })).status, 422);
    const minted = await mint(jwt, { repositories: ["one"], permissions: { issues: "read", metadata: "read" } });
    assert.equal(minted.status, 201);
    const token = `token ${((await minted.json()) as { token: string }).token}`;
    assert.equal((await get(`${emulator.url}/repos/octo/one`, token)).status, 200);
    assert.equal((await get(`${emulator.url}/repos/octo/two`, token)).status, 404, "narrowed to one repository");
    const write = await fetch(`${emulator.url}/repos/octo/one/labels`, {
      method: "POST",
      headers: { authorization: token },
      body: JSON.stringify({ name: "x" }),
    });
    assert.equal(write.status, 403, "issues:read cannot write");
    clock += 2 * 60 * 60 * 1000;
    assert.equal((await get(`${emulator.url}/repos/octo/one`, token)).status, 401, "expired after an hour");
  });

  test("faults can be injected for the next calls to a route", async () => {
    const token = `token ${emulator.issueToken()}`;
    emulator.failNext({ path: "/repos/octo/one", status: 502, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(`${emulator.url}/repos/octo/one`, token)).status);
    assert.deepEqual(statuses, [502, 502, 200]);
  });

  test("the spec validator rejects a body that misses a nested required field", () => {
    const spec = createSpecValidator();
    const problems = spec.check("GET", "/repos/{owner}/{repo}/issues/{issue_number}/labels", 200, [
      { id: 1, name: "x" },
    ]);
    assert.ok(
      problems.some((p) => p.includes("node_id")),
      problems.join("; "),
    );
    assert.deepEqual(
      spec.check("GET", "/repos/{owner}/{repo}/labels", 200, [
        {
          id: 1,
          node_id: "x",
          url: "https://api.github.com/repos/o/r/labels/n",
          name: "n",
          description: null,
          color: "fff",
          default: false,
        },
      ]),
      [],
    );
  });
});

async function startKey() {
  const { generateKeyPairSync } = await import("node:crypto");
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return { privateKeyPem: pair.privateKey.export({ type: "pkcs8", format: "pem" }).toString() };
}
