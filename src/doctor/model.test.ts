import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { loadConfig } from "../config/index.ts";
import { modelCheck } from "./model.ts";

let server: Server;
let base: string;
const seen: { path: string; auth: string | undefined }[] = [];

before(async () => {
  server = createServer((req, res) => {
    seen.push({ path: req.url ?? "", auth: req.headers.authorization });
    if (req.url === "/hang/models") return; // never answers
    if (req.url === "/locked/models") return void res.writeHead(401).end();
    res.writeHead(200, { "content-type": "application/json" }).end('{"data":[{"id":"llama3"}]}');
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const compatible = (url: string, key?: string) =>
  loadConfig({
    BOOTY_MODEL: "openai-compatible:llama3",
    BOOTY_MODEL_BASE_URL: url,
    ...(key ? { OPENAI_COMPATIBLE_API_KEY: key } : {}),
  }).model;

describe("doctor: the model settings", () => {
  test("an openai-compatible server that answers GET /models passes; the key goes as a bearer token", async () => {
    const check = await modelCheck(compatible(`${base}/v1/`, "local-key"));
    assert.deepEqual(check, {
      name: "model",
      ok: true,
      detail: `openai-compatible:llama3: ${base}/v1/models answers`,
    });
    assert.deepEqual(seen.at(-1), { path: "/v1/models", auth: "Bearer local-key" });
  });

  test("a refused key, a server that does not answer, and nothing listening each fail with the fix", async () => {
    assert.equal(
      (await modelCheck(compatible(`${base}/locked`))).detail,
      `${base}/locked/models refused the key (HTTP 401): check OPENAI_COMPATIBLE_API_KEY`,
    );
    assert.equal(
      (await modelCheck(compatible(`${base}/hang`), 200)).detail,
      `${base}/hang/models does not answer (no answer in 200 ms): start the server or fix BOOTY_MODEL_BASE_URL`,
    );
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await modelCheck(compatible(url));
    assert.equal(refused.ok, false);
    assert.match(refused.detail, /does not answer \(ECONNREFUSED\): start the server or fix BOOTY_MODEL_BASE_URL$/);
  });

  test("a hosted provider: its key is required, and nothing is sent to it", async () => {
    const before = seen.length;
    const missing = await modelCheck(loadConfig({ BOOTY_MODEL: "anthropic:claude-sonnet-4-5" }).model);
    assert.equal(
      missing.detail,
      "ANTHROPIC_API_KEY: expected an API key (needed for BOOTY_MODEL=anthropic:claude-sonnet-4-5): set it in the environment",
    );
    const present = await modelCheck(loadConfig({ BOOTY_MODEL: "openai:gpt-4.1", OPENAI_API_KEY: "sk-x" }).model);
    assert.deepEqual(present, { name: "model", ok: true, detail: "openai:gpt-4.1 (key present)" });
    assert.equal(seen.length, before);
  });
});
