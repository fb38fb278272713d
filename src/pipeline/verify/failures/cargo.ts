import { brief, type Failure, framesIn, type Resolve } from "./types.ts";

export function isCargoTest(output: string): boolean {
  return /^test result: (FAILED|ok)\./m.test(output) || /^error(\[E\d+\])?: /m.test(output);
}

/** cargo test: `---- name stdout ----` blocks with the panic message; compile errors with their ` --> file:line`. */
export function parseCargoTest(output: string, resolve: Resolve): Failure[] {
  const failures: Failure[] = [];
  const parts = output.split(/^---- (\S+) stdout ----$/m);
  for (let i = 1; i < parts.length; i += 2) {
    const body = (parts[i + 1] ?? "").split(/^failures:$/m)[0] ?? "";
    const lines = body.split("\n").filter((l) => !/^\s+\d+: |^\s+at |^stack backtrace:|^note: /.test(l));
    failures.push({ id: parts[i] as string, message: brief(lines), frames: framesIn(body, resolve) });
  }
  if (failures.length === 0) {
    for (const m of output.matchAll(/^(error(?:\[E\d+\])?: .*)\n\s*--> (\S+)/gm)) {
      const frames = framesIn(m[2] as string, resolve);
      failures.push({ id: `(build) ${m[1]}`, message: m[1] as string, frames });
    }
  }
  return failures;
}
