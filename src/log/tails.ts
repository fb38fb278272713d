import { redactText } from "../security/redact.ts";

/** One log line as a run's report keeps it: scrubbed, short, enough to read what happened. */
export interface LogLine {
  /** ISO time. */
  at: string;
  level: string;
  msg: string;
  step?: string;
}

const LEVELS: Record<number, string> = { 10: "trace", 20: "debug", 30: "info", 40: "warn", 50: "error", 60: "fatal" };
const MAX_MSG = 2000;

/**
 * The last lines each open run logged, for its report (the dashboard shows them). It reads the logger's
 * own output, after pino's path redaction, and scrubs it again with the same secrets: what it keeps is
 * what the log file says, never more. Bounded: a run keeps its last `limit` lines.
 */
export class LogTails {
  readonly #open = new Map<string, LogLine[]>();
  readonly #secrets: readonly string[];
  readonly #limit: number;

  constructor(secrets: readonly string[] = [], limit = 500) {
    this.#secrets = secrets;
    this.#limit = limit;
  }

  /** Text a run records besides its log (a diff, the model's analysis) is scrubbed the same way. */
  scrub(text: string): string {
    return redactText(text, this.#secrets);
  }

  /** Every string in a value (a report, a record), scrubbed in place; the value is returned. */
  scrubDeep<T>(value: T): T {
    return scrubStrings(value, (text) => this.scrub(text)) as T;
  }

  open(runId: string): void {
    this.#open.set(runId, []);
  }

  /** The run's lines, and forgets them. */
  take(runId: string): LogLine[] {
    const lines = this.#open.get(runId) ?? [];
    this.#open.delete(runId);
    return lines;
  }

  /** A stream's write: one or more JSON lines from the logger. */
  write(chunk: string): boolean {
    if (this.#open.size === 0 || !chunk.includes('"runId"')) return true;
    for (const text of chunk.split("\n")) {
      if (text.trim() !== "") this.#keep(text);
    }
    return true;
  }

  #keep(text: string): void {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(this.scrub(text)) as Record<string, unknown>;
    } catch {
      return;
    }
    const lines = typeof record.runId === "string" ? this.#open.get(record.runId) : undefined;
    if (!lines) return;
    const err = record.err as { message?: unknown } | undefined;
    const msg = String(record.msg ?? "");
    const why = typeof err?.message === "string" && !msg.includes(err.message) ? `: ${err.message}` : "";
    lines.push({
      at: new Date(typeof record.time === "number" ? record.time : Date.now()).toISOString(),
      level: LEVELS[record.level as number] ?? String(record.level),
      msg: `${msg}${why}`.slice(0, MAX_MSG),
      ...(typeof record.step === "string" ? { step: record.step } : {}),
    });
    if (lines.length > this.#limit) lines.splice(0, lines.length - this.#limit);
  }
}

function scrubStrings(value: unknown, scrub: (text: string) => string): unknown {
  if (typeof value === "string") return scrub(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = scrubStrings(value[i], scrub);
  } else if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = scrubStrings(record[key], scrub);
  }
  return value;
}
