import { brief, type Failure, framesIn, type Resolve } from "./types.ts";

export function isJest(output: string): boolean {
  return /^Tests:\s+.*\d+ total$/m.test(output) && /^\s*● /m.test(output);
}

/** Jest: `FAIL path` then one `● Suite › test` block per failure, up to the next block or file. */
export function parseJest(output: string, resolve: Resolve): Failure[] {
  const failures: Failure[] = [];
  let file = "";
  let current: { name: string; lines: string[] } | null = null;
  const flush = () => {
    if (!current) return;
    const message = current.lines.filter((l) => !/^\s*(>?\s*\d+ \||\|)/.test(l) && !/^\s+at /.test(l));
    failures.push({
      id: `${file} > ${current.name}`,
      message: brief(message),
      frames: framesIn(current.lines.join("\n"), resolve),
    });
    current = null;
  };
  for (const line of output.split("\n")) {
    const suite = /^(FAIL|PASS) (\S+)/.exec(line);
    const test = /^\s*● (.+)$/.exec(line);
    if (suite) {
      flush();
      file = resolve(suite[2] as string) ?? (suite[2] as string);
    } else if (test && !/^\s*● Console$/.test(line)) {
      flush();
      current = { name: test[1] as string, lines: [] };
    } else if (/^(Test Suites|Tests):/.test(line)) {
      flush();
    } else {
      current?.lines.push(line);
    }
  }
  flush();
  return failures;
}

export function isVitest(output: string): boolean {
  return /^\s*Test Files\s+/m.test(output) && /^\s*FAIL\s+/m.test(output);
}

/** Vitest: ` FAIL  file > suite > test` headers in the Failed Tests section, each followed by its error. */
export function parseVitest(output: string, resolve: Resolve): Failure[] {
  const failures: Failure[] = [];
  let current: { id: string; lines: string[] } | null = null;
  const flush = () => {
    if (current) {
      const message = current.lines.filter((l) => !/^\s*❯ |^\s*\d+\|| \|/.test(l) && !/^\s*⎯/.test(l));
      failures.push({ id: current.id, message: brief(message), frames: framesIn(current.lines.join("\n"), resolve) });
    }
    current = null;
  };
  for (const line of output.split("\n")) {
    const head = /^\s*FAIL\s+(\S+)(.*)$/.exec(line);
    if (head) {
      flush();
      const file = resolve(head[1] as string) ?? (head[1] as string);
      const rest = (head[2] as string).replace(/\s*\[.*\]\s*$/, "").trim();
      current = { id: rest.startsWith(">") ? `${file} ${rest}` : file, lines: [] };
    } else if (/^\s*(Test Files|⎯+ Failed Tests)/.test(line)) {
      flush();
    } else {
      current?.lines.push(line);
    }
  }
  flush();
  return failures;
}
