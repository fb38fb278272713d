import { brief, type Failure, framesIn, type Resolve } from "./types.ts";

export function isGoTest(output: string): boolean {
  return /^\s*--- FAIL: /m.test(output) || /^FAIL\s+\S+\s+(\[build failed\]|[\d.]+s)/m.test(output);
}

/** go test: `--- FAIL: TestX (0.00s)` (indented for subtests) with its log lines; build failures per package. */
export function parseGoTest(output: string, resolve: Resolve): Failure[] {
  const failures: Failure[] = [];
  const lines = output.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const m = /^(\s*)--- FAIL: (\S+) \(/.exec(lines[i] as string);
    if (!m) continue;
    const body: string[] = [];
    for (let j = i + 1; j < lines.length; j += 1) {
      const line = lines[j] as string;
      if (/^\s*--- (FAIL|PASS|SKIP):|^(FAIL|ok|PASS)\b|^=== /.test(line)) break;
      body.push(line);
    }
    // A parent only fails because of its subtests: keep the leaves.
    if (/^\s*--- FAIL: /.test(lines[i + 1] ?? "") && (lines[i + 1] ?? "").startsWith(`${m[1]}    `)) continue;
    failures.push({
      id: m[2] as string,
      message: brief(body.map((l) => l.trim())),
      frames: framesIn(body.join("\n"), resolve),
    });
  }
  // A panic ends the binary: its goroutine trace names the files, not the `--- FAIL` block.
  const panic = /^panic: (.*)$/m.exec(output);
  if (panic) {
    const trace = output.slice(panic.index);
    const last = failures.at(-1);
    if (last) {
      last.message = brief([last.message, `panic: ${panic[1]}`]);
      const known = new Set(last.frames.map((f) => `${f.path}:${f.line}`));
      const more = framesIn(trace.split(/^FAIL\s/m)[0] ?? trace, resolve).filter(
        (f) => !known.has(`${f.path}:${f.line}`),
      );
      last.frames = [...more, ...last.frames].slice(0, 20);
    } else {
      failures.push({
        id: "(panic)",
        message: `panic: ${panic[1]}`,
        frames: framesIn(trace.split(/^FAIL\s/m)[0] ?? trace, resolve),
      });
    }
  }
  for (const m of output.matchAll(/^FAIL\s+(\S+)\s+\[(build|setup) failed\]$/gm)) {
    const header = output.indexOf(`# ${m[1]}`);
    const block =
      header >= 0
        ? output
            .slice(header, output.indexOf("\n\n", header) >>> 0)
            .split("\n")
            .slice(1)
        : [];
    failures.push({ id: `(build) ${m[1]}`, message: brief(block), frames: framesIn(block.join("\n"), resolve) });
  }
  return failures;
}
