import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { test } from "node:test";
import { InputError } from "../errors/index.ts";
import { createLogger } from "./logger.ts";

function capture(): { stream: Writable; text: () => string } {
  let out = "";
  const stream = new Writable({
    write(chunk, _enc, done) {
      out += chunk.toString();
      done();
    },
  });
  return { stream, text: () => out };
}

for (const pretty of [false, true]) {
  test(`${pretty ? "pretty" : "JSON"} logs scrub known secrets, token shapes and secret fields`, () => {
    const sink = capture();
    const log = createLogger({ pretty, secrets: ["s3cr3t-value"], destination: sink.stream });
    log.info(
      { token: "abc", nested: { apiKey: "k" } },
      "pushing with s3cr3t-value and ghs_0123456789abcdefghijABCDEFGHIJ",
    );
    const text = sink.text();
    assert.match(text, /pushing with \[REDACTED\] and \[REDACTED\]/);
    assert.doesNotMatch(text, /s3cr3t-value|ghs_0123|"abc"|"k"/);
  });
}

test("booty's own errors are logged without their stack unless the level is debug; others keep it", () => {
  for (const [level, bootyStack] of [
    ["info", false],
    ["debug", true],
  ] as const) {
    const sink = capture();
    const log = createLogger({ level, destination: sink.stream });
    log.error({ err: new InputError("not a git repository: /tmp/x") }, "run failed");
    log.error({ err: new TypeError("boom") }, "crash");
    const [booty, other] = sink
      .text()
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).err);
    assert.equal(booty.message, "not a git repository: /tmp/x");
    assert.equal(typeof booty.stack === "string", bootyStack, level);
    assert.match(other.stack, /TypeError: boom/);
  }
});
