import { pino } from "pino";
import type { Logger } from "../../log/logger.ts";

/**
 * A thread's logger: each line goes to the main thread, whose logger writes it, so that redaction, secret
 * scrubbing and the output format are configured in one place. Lines below `level` are never made.
 */
export function threadLogger(level: string, send: (line: string) => void): Logger {
  return pino({ level, base: undefined, timestamp: false }, { write: (line: string) => send(line) });
}

/** Writes a thread's line through this logger, at its level and with its fields. */
export function relog(logger: Logger, line: string): void {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return;
  }
  const { level, msg, ...fields } = entry;
  const label = logger.levels.labels[Number(level)] ?? "info";
  const write = logger[label as "info"] ?? logger.info;
  write.call(logger, fields, typeof msg === "string" ? msg : "");
}
