import { Writable } from "node:stream";

/** One structured log record, as far as progress reads it. */
interface LogRecord {
  step?: string;
  event?: string;
  durationMs?: number;
  progress?: string;
  attempt?: number;
  round?: number;
  files?: number;
  inputTokens?: number;
  outputTokens?: number;
  passed?: boolean;
  msg?: string;
}

export interface ProgressOptions {
  out: { write(text: string): unknown };
  /** A terminal: one status line, redrawn with the elapsed time; otherwise one line per finished step. */
  live: boolean;
  now?: () => number;
  /** How often the live line is redrawn. */
  tickMs?: number;
}

export interface Progress {
  /** Receives the logger's JSON lines (see `createLogger({ progress })`). */
  stream: Writable;
  /** Clears the live line, so that another line can be written where it was. */
  clear(): void;
  stop(): void;
}

/**
 * What the pipeline is doing, from its structured log: the current step, how long it has run, and what it
 * waits for (the model, a test round, the index). Written to stderr, so stdout stays the report's.
 */
export function createProgress(o: ProgressOptions): Progress {
  const now = o.now ?? (() => performance.now());
  let current: { step: string; started: number; detail: string } | undefined;
  let tokens = { input: 0, output: 0 };
  let shown = false;
  const clear = () => {
    if (shown) o.out.write("\r\x1b[2K");
    shown = false;
  };
  const draw = () => {
    if (!o.live || !current) return;
    const seconds = ((now() - current.started) / 1000).toFixed(0);
    const detail = current.detail ? ` · ${current.detail}` : "";
    o.out.write(`\r\x1b[2K… ${current.step} ${seconds} s${detail}`);
    shown = true;
  };
  const timer = o.live ? setInterval(draw, o.tickMs ?? 250) : undefined;
  timer?.unref();
  const handle = (r: LogRecord) => {
    if (r.step && r.event === "start") {
      current = { step: r.step, started: now(), detail: "" };
      tokens = { input: 0, output: 0 };
    } else if (r.step && (r.event === "done" || r.event === "failed") && current?.step === r.step) {
      clear();
      if (r.event === "done") o.out.write(`  ✓ ${r.step} ${formatMs(r.durationMs ?? 0)}${stepNote(tokens)}\n`);
      current = undefined;
      return;
    } else if (current) {
      const detail = detailOf(r, tokens);
      if (detail !== undefined) current.detail = detail;
    }
    draw();
  };
  let pending = "";
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        try {
          handle(JSON.parse(line) as LogRecord);
        } catch {
          // Not a record: nothing to show.
        }
      }
      done();
    },
  });
  return {
    stream,
    clear,
    stop() {
      if (timer) clearInterval(timer);
      clear();
    },
  };
}

function detailOf(r: LogRecord, tokens: { input: number; output: number }): string | undefined {
  switch (r.progress) {
    case "model":
      return `waiting for the model${r.attempt && r.attempt > 1 ? ` (attempt ${r.attempt})` : ""}`;
    case "model-streaming":
      return `the model is answering (~${r.outputTokens ?? 0} tokens so far)`;
    case "model-answer":
      tokens.input += r.inputTokens ?? 0;
      tokens.output += r.outputTokens ?? 0;
      return `the model answered (${tokens.input} tokens in, ${tokens.output} out)`;
    case "tests":
      return `running the tests, round ${r.round ?? 1}`;
    case "indexing":
      return `indexing ${r.files ?? 0} files`;
  }
  if (r.msg === "verify: round") return `round ${r.round ?? "?"} ${r.passed ? "passed" : "failed"}`;
  return undefined;
}

function stepNote(tokens: { input: number; output: number }): string {
  return tokens.input + tokens.output > 0 ? ` (${tokens.input} tokens in, ${tokens.output} out)` : "";
}

function formatMs(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}
