import { Writable } from "node:stream";
import { type Logger, pino } from "pino";
import { isBootyError } from "../errors/index.ts";
import { redactText } from "../security/redact.ts";
import type { LogTails } from "./tails.ts";

export type { Logger } from "pino";

export interface LoggerOptions {
  level?: string;
  /** Human-readable lines (for a terminal); JSON lines otherwise. */
  pretty?: boolean;
  /** Secret values to scrub from every line, wherever they appear. */
  secrets?: readonly string[];
  /** Where lines go; stderr by default so that stdout stays free for `--json`. */
  destination?: NodeJS.WritableStream;
  /**
   * Also receives every record from debug up, as JSON lines (scrubbed), whatever `level` is: the CLI
   * renders the pipeline's progress from them.
   */
  progress?: NodeJS.WritableStream;
  /**
   * Records the main destination leaves out (the progress stream still gets them): the CLI drops the
   * failure records that its report states anyway, so a person reads the error once.
   */
  skip?: (record: Record<string, unknown>) => boolean;
  /** Keeps each open run's last lines (info and up, scrubbed) for its report. */
  tails?: LogTails;
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
  // A real Writable: pino-pretty listens for stream events; every line is scrubbed on its way out.
  const scrubbing = (to: { write(text: string): unknown }) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        to.write(redactText(chunk.toString(), secrets));
        done();
      },
    });
  const level = options.level ?? "info";
  const settings = {
    level,
    redact: { paths: REDACT_PATHS, censor: "[REDACTED]" },
    serializers: { err: errorSerializer(level) },
  };
  const out = scrubbing(options.destination ?? process.stderr);
  // pino-pretty as a stream (not a worker transport) keeps ordering with our own stderr output.
  const shown = options.pretty ? prettyStream(out) : out;
  const main = options.skip ? skipping(shown, options.skip) : shown;
  const extra: pino.StreamEntry[] = [];
  if (options.progress) extra.push({ level: "debug", stream: scrubbing(options.progress) });
  if (options.tails) extra.push({ level: "info", stream: options.tails });
  if (extra.length === 0) return pino(settings, main);
  const streams = level === "silent" ? extra : [{ level: level as pino.Level, stream: main }, ...extra];
  const lowest = streams.reduce((low, s) => Math.min(low, pino.levels.values[s.level ?? "info"] ?? 30), Infinity);
  const logger = pino({ ...settings, level: pino.levels.labels[lowest] ?? "info" }, pino.multistream(streams));
  if (options.tails) Object.defineProperty(logger, TAILS, { value: options.tails });
  return logger;
}

const TAILS = Symbol("booty.logTails");

/**
 * The tails the root logger feeds, found from any of its children: pino makes a child with
 * `Object.create(parent)`, so the property set on the root is inherited, and no caller has to pass it along.
 */
export function tailsOf(logger: Logger): LogTails | undefined {
  return (logger as unknown as Record<symbol, LogTails | undefined>)[TAILS];
}

/**
 * booty's own errors (bad input, a refused path, a failing model answer) are explained by their message:
 * their stack is noise for the person reading, shown only at debug. Unexpected errors keep theirs.
 */
function errorSerializer(level: string): (error: unknown) => unknown {
  const stacks = level === "debug" || level === "trace";
  return (error) => {
    const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
    if (!stacks && isBootyError(error) && serialized && typeof serialized === "object") delete serialized.stack;
    return serialized;
  };
}

/** pino writes one JSON record per write; those `skip` matches never reach `out`. */
function skipping(out: NodeJS.WritableStream, skip: (record: Record<string, unknown>) => boolean): Writable {
  return new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const line = chunk.toString();
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        record = null;
      }
      if (!(record && typeof record === "object" && skip(record as Record<string, unknown>))) out.write(line);
      done();
    },
  });
}

function prettyStream(out: Writable): NodeJS.WritableStream {
  // Imported lazily: pino-pretty is only needed on a terminal.
  const build = requirePretty();
  return build({
    colorize: false,
    translateTime: "HH:MM:ss",
    // The run id and step are in every JSON line; on a terminal they would drown the message.
    ignore: "pid,hostname,runId,issue,step,event,durationMs",
    singleLine: true,
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
