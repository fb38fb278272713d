import { Writable } from "node:stream";
import { createLogger, type Logger } from "../../src/log/logger.ts";

/** A real logger at `warn` whose JSON lines are kept in `lines`, for tests that assert what was logged. */
export function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger({ level: "warn", destination }), lines };
}
