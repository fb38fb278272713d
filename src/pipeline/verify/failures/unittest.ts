import { brief, type Failure, type Frame, type Resolve } from "./types.ts";

const HEADER = /^(FAIL|ERROR): (\S+) \(([^)]+)\)/;
const PY_FRAME = /^\s*File "([^"]+)", line (\d+)/;

/** Python's unittest (`python -m unittest`, Django's runner): `FAIL: name (module.Class.name)` blocks. */
export function isUnittest(output: string): boolean {
  return /^Ran \d+ tests? in /m.test(output) && /^(FAIL|ERROR): \S+ \(/m.test(output);
}

export function parseUnittest(output: string, resolve: Resolve): Failure[] {
  const failures: Failure[] = [];
  const lines = output.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const m = HEADER.exec(lines[i] as string);
    if (!m) continue;
    const name = m[2] as string;
    const where = m[3] as string;
    // Python >= 3.11 prints the full dotted id in the parentheses; older versions print module.Class.
    const id = where.endsWith(`.${name}`) ? where : `${where}.${name}`;
    const block: string[] = [];
    let j = i + 1;
    if (/^-{10,}\s*$/.test(lines[j] ?? "")) j += 1;
    for (; j < lines.length && !/^(={10,}|-{10,}\s*$)/.test(lines[j] as string); j += 1) block.push(lines[j] as string);
    const body = block;
    const exception = body.filter((l) => /^\S/.test(l) && !l.startsWith("Traceback"));
    failures.push({
      id,
      message: brief(exception.length > 0 ? exception : body.slice(-3)),
      frames: pythonFrames(body, resolve),
    });
  }
  return failures;
}

function pythonFrames(block: readonly string[], resolve: Resolve): Frame[] {
  const frames: Frame[] = [];
  for (const line of block) {
    const m = PY_FRAME.exec(line);
    const path = m ? resolve(m[1] as string) : null;
    if (m && path !== null && !frames.some((f) => f.path === path && f.line === Number(m[2]))) {
      frames.push({ path, line: Number(m[2]) });
    }
  }
  return frames;
}
