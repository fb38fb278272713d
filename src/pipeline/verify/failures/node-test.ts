import { brief, type Failure, framesIn, type Resolve } from "./types.ts";

export function isNodeTest(output: string): boolean {
  return /^✖ failing tests:$/m.test(output) || (/^TAP version \d+/m.test(output) && /# Subtest: /.test(output));
}

/** node --test with the spec reporter: the `✖ failing tests:` section, one `test at FILE:L:C` block per test. */
function parseSpec(output: string, resolve: Resolve): Failure[] {
  const section = output.split(/^✖ failing tests:$/m)[1];
  if (section === undefined) return [];
  const failures: Failure[] = [];
  for (const chunk of section.split(/^test at /m).slice(1)) {
    const [location = "", title = "", ...rest] = chunk.split("\n");
    const file = resolve(location.replace(/:\d+:\d+$/, "")) ?? location.replace(/:\d+:\d+$/, "");
    const name = title.replace(/^\s*✖ /, "").replace(/ \([\d.]+m?s\)$/, "");
    const message = rest.filter(
      (l) => !/^\s+at /.test(l) && !/^\s+(generatedMessage|code|actual|expected|operator|diff):|^\s*}$/.test(l),
    );
    failures.push({ id: `${file} > ${name}`, message: brief(message), frames: framesIn(rest.join("\n"), resolve) });
  }
  return failures;
}

/** node --test with the TAP reporter (node 20's default when not on a terminal). */
function parseTap(output: string, resolve: Resolve): Failure[] {
  const failures: Failure[] = [];
  const lines = output.split("\n");
  for (let i = 0; i < lines.length; i += 1) {
    const m = /^(\s*)not ok \d+ - (.*?)(?: # .*)?$/.exec(lines[i] as string);
    if (!m) continue;
    const yaml: string[] = [];
    for (let j = i + 1; j < lines.length && !/^\s*\.\.\.$/.test(lines[j] as string); j += 1)
      yaml.push(lines[j] as string);
    const body = yaml.join("\n");
    // A suite fails when a test in it does: only leaves (those of type 'test' or without subtests) count.
    if (/failureType: 'subtestsFailed'/.test(body)) continue;
    const location = /location: '(.+?):\d+:\d+'/.exec(body)?.[1] ?? "";
    const file = resolve(location) ?? location;
    const error = /error: (?:\|-\n([\s\S]*?)\n\s+\w+:|['"](.*)['"])/.exec(body);
    failures.push({
      id: `${file} > ${m[2]}`,
      message: brief((error?.[1] ?? error?.[2] ?? "").split("\n")),
      frames: framesIn(body.split(/stack: \|-/)[1] ?? "", resolve),
    });
  }
  return failures;
}

export function parseNodeTest(output: string, resolve: Resolve): Failure[] {
  const spec = parseSpec(output, resolve);
  return spec.length > 0 ? spec : parseTap(output, resolve);
}
