import assert from "node:assert/strict";
import { createServer } from "node:http";
import net from "node:net";
import { test } from "node:test";

test("tests cannot open connections beyond loopback", async () => {
  await assert.rejects(fetch("http://192.0.2.1:8080/"), (error: Error) =>
    String((error as { cause?: unknown }).cause ?? error.message).includes("net-lock"),
  );
  assert.throws(() => net.connect(443, "api.github.com"), /net-lock: unexpected outbound connection/);
});

test("loopback stays reachable", async () => {
  const server = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  try {
    assert.equal(await (await fetch(`http://127.0.0.1:${port}/`)).text(), "ok");
  } finally {
    server.close();
  }
});
