import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { Writable } from "node:stream";
import { test } from "node:test";
import { inlineChecker } from "../intake/check/check.ts";
import { createLogger } from "../log/logger.ts";
import { createApp } from "./app.ts";

test("a client that hangs up mid-body costs a debug line, not an error line", async (t) => {
  const lines: { level: number; msg: string }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  const logger = createLogger({ level: "debug", destination });
  const checker = inlineChecker({ secrets: ["s"], triggerLabel: "booty", allowedBots: [], repos: [] });
  const app = createApp({
    logger,
    readiness: async () => ({ ready: true, backlog: 0 }),
    webhook: { checker, logger, intake: { append: async () => undefined } },
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  t.after(() => new Promise<void>((r) => app.close(() => r())));
  const { port } = app.address() as AddressInfo;
  for (let i = 0; i < 3; i++) {
    const socket = connect(port, "127.0.0.1");
    const received = new Promise((r) => app.once("request", r));
    socket.write(
      "POST /webhooks/github HTTP/1.1\r\nHost: x\r\nX-Hub-Signature-256: sha256=00\r\nContent-Length: 1000\r\n\r\n{",
    );
    await received; // the server is reading the body when the client hangs up
    socket.destroy();
  }
  const aborted = () => lines.filter((l) => /closed the connection/.test(JSON.stringify(l)));
  for (let i = 0; i < 100 && aborted().length < 3; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(aborted().length, 3, JSON.stringify(lines));
  assert.deepEqual(
    lines.filter((l) => l.level >= 50),
    [],
    "no error line for a client that went away",
  );
});
