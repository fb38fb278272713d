import { type Logger, pino } from "pino";
import { redactText } from "../security/redact.ts";

export type { Logger } from "pino";

export interface LoggerOptions {
  level?: string;
  /** Human-readable lines (for a terminal); JSON lines otherwise. */
  pretty?: boolean;
  /** Secret values to scrub from every line, wherever they appear. */
  secrets?: readonly string[];
  /** Where lines go; stderr by default so that stdout stays free for `--json`. */
  destination?: NodeJS.WritableStream;
}

const REDACT_PATHS = [
  "token",
  "apiKey",
  "password",
  "secret",
  "privateKey",
  "authorization",
  "*.token",
  "*.apiKey",
  "*.password",
  "*.secret",
  "*.privateKey",
  "*.authorization",
  "headers.authorization",
  "req.headers.authorization",
];

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = options.secrets ?? [];
  const destination = options.destination ?? process.stderr;
  const scrubbing = {
    write(line: string) {
      destination.write(redactText(line, secrets));
    },
  };
  if (options.pretty) {
    return pino(
      { level: options.level ?? "info", redact: { paths: REDACT_PATHS, censor: "[REDACTED]" } },
      // pino-pretty as a stream (not a worker transport) keeps ordering with our own stderr output.
      prettyStream(scrubbing),
    );
  }
  return pino({ level: options.level ?? "info", redact: { paths: REDACT_PATHS, censor: "[REDACTED]" } }, scrubbing);
}

function prettyStream(out: { write(line: string): void }): NodeJS.WritableStream {
  // Imported lazily: pino-pretty is only needed on a terminal.
  const build = requirePretty();
  return build({
    colorize: false,
    translateTime: "HH:MM:ss",
    ignore: "pid,hostname",
    destination: out as never,
    sync: true,
  });
}

import { createRequire } from "node:module";

function requirePretty(): (opts: Record<string, unknown>) => NodeJS.WritableStream {
  return createRequire(import.meta.url)("pino-pretty") as (opts: Record<string, unknown>) => NodeJS.WritableStream;
}

/** A logger that drops everything; for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
