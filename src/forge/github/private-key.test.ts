import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { ConfigError } from "../../errors/index.ts";
import { resolvePrivateKey } from "./private-key.ts";

const pkcs1 = generateKeyPairSync("rsa", { modulusLength: 2048 })
  .privateKey.export({ type: "pkcs1", format: "pem" })
  .toString();

test("accepts PEM text, PEM with escaped newlines, and a path; always returns PKCS#8", async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "forge-key-"));
  try {
    const file = path.join(dir, "app.pem");
    await writeFile(file, pkcs1);
    const fromText = resolvePrivateKey(pkcs1);
    assert.match(fromText, /^-----BEGIN PRIVATE KEY-----/);
    assert.equal(resolvePrivateKey(pkcs1.replace(/\n/g, "\\n")), fromText);
    assert.equal(resolvePrivateKey(file), fromText);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a missing file or a broken key is a ConfigError that never quotes the key", () => {
  assert.throws(
    () => resolvePrivateKey("/nonexistent/app.pem"),
    (error: unknown) => {
      return (
        error instanceof ConfigError &&
        /cannot read the key file \/nonexistent\/app\.pem \(ENOENT\)/.test(error.message)
      );
    },
  );
  const broken = pkcs1.slice(0, 200);
  assert.throws(
    () => resolvePrivateKey(broken),
    (error: unknown) => {
      return (
        error instanceof ConfigError &&
        !error.message.includes(broken.slice(40, 80)) &&
        error.where === "GITHUB_APP_PRIVATE_KEY"
      );
    },
  );
});
