import { brief, type Failure, framesIn, type Resolve } from "./types.ts";

const SUMMARY = /^(FAILED|ERROR) (\S+?)(?: - (.*))?$/;
const HEADER = /^_{3,} (.+?) _{3,}$/;

export function isPytest(output: string): boolean {
  return /^=+ (test session starts|FAILURES|ERRORS|short test summary info) =+$/m.test(output);
}

/** Splits the FAILURES / ERRORS sections into blocks by their `____ name ____` headers. */
function blocks(lines: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of lines) {
    const header = HEADER.exec(line);
    if (header) {
      current = [];
      out.set((header[1] as string).replace(/^ERROR collecting /, ""), current);
    } else if (/^=+ .* =+$/.test(line)) {
      current = null;
    } else {
      current?.push(line);
    }
  }
  return out;
}

export function parsePytest(output: string, resolve: Resolve): Failure[] {
  const lines = output.split("\n");
  const details = blocks(lines);
  const failures: Failure[] = [];
  const start = lines.findIndex((l) => /^=+ short test summary info =+$/.test(l));
  for (const line of start >= 0 ? lines.slice(start + 1) : []) {
    const m = SUMMARY.exec(line);
    if (!m) continue;
    const id = m[2] as string;
    const [file, ...names] = id.split("::");
    const header = names.length > 0 ? names.join(".") : (file as string);
    const block = details.get(header) ?? details.get(id) ?? [];
    const errors = block.filter((l) => /^E\s/.test(l)).map((l) => l.replace(/^E\s+/, ""));
    failures.push({ id, message: brief([m[3] ?? "", ...errors]), frames: framesIn(block.join("\n"), resolve) });
  }
  return failures;
}
