/**
 * An issue is the reporter's words (title, prose), code they wrote (snippets, commands) and text a program
 * printed (logs, tracebacks, test-runner output). The printed text is long and mostly names the reporter's
 * own files and the runner's boilerplate; the words and the code say where the fault is. Each line gets one
 * of these kinds so that the query can weigh them apart.
 */
export type SegmentKind = "title" | "prose" | "code" | "output";

export interface Segment {
  kind: SegmentKind;
  text: string;
}

/** A line the program printed: traceback parts, banners, `path:line:` diagnostics, log records, reprs. */
const OUTPUT_LINE = new RegExp(
  [
    /\bFile "[^"\n]*", line \d+/.source,
    /\bTraceback \(most recent call last\)/.source,
    /([=_*#~<>-])\1{4,}/.source,
    /^\s*[\w.:/\\-]+\.\w{1,5}:\d+(?::\d+)?:/.source,
    /^E {2,}/.source,
    /^\s*\[?\d{4}-\d\d-\d\d[ T]\d\d:\d\d/.source,
    /^\s*(?:DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL)\b[\s:]/.source,
    /^\s*<[\w.]+ [^>]*>\s*$/.source,
    /^\s*[\w.]*(?:Error|Exception|Warning)(?::|$)/.source,
  ].join("|"),
);
/** Four plain words in a row, outside strings and comments: a sentence, which code lines seldom hold. */
const WORDY = /\b[A-Za-z]+ [A-Za-z]+ [A-Za-z]+ [A-Za-z]+\b/;
const STRINGS_AND_COMMENTS = /(["'`])(?:\\.|(?!\1).)*\1|(?:^|\s)(?:#|\/\/).*$/g;

function printed(line: string): boolean {
  return OUTPUT_LINE.test(line) || WORDY.test(line.replace(STRINGS_AND_COMMENTS, " "));
}

/** A line the user typed: shell, REPL and debugger prompts. What follows up to the next prompt is output. */
const PROMPT = /^\s*(?:\$ |> |>>> |\.\.\. |\(Pdb\) |In \[\d+\]: |PS [^>\n]*> |[\w.-]+@[\w.-]+:\S*\$ )/;
/** A source line a traceback or a test runner echoes (`>       assert x`): code. */
const ECHOED = /^>\s{3,}\S/;
/** Blocks where this share of the lines look printed are output as a whole, prompts and echoes aside. */
const OUTPUT_SHARE = 0.3;
const FENCE = /^\s*(```|~~~)/;

export function segmentIssue(title: string, body: string): Segment[] {
  const lines = body.split("\n");
  let heading = title.trim();
  if (!heading) {
    // With no separate title (SWE-bench's problem statements), a short first line is the title.
    const first = lines.findIndex((l) => l.trim().length > 0);
    const line = lines[first]?.trim() ?? "";
    if (first >= 0 && line.length <= 200 && !FENCE.test(line) && !line.startsWith("<")) {
      heading = line;
      lines.splice(0, first + 1);
    }
  }
  const out: Segment[] = heading ? [{ kind: "title", text: heading }] : [];
  const push = (kind: SegmentKind, text: string) => {
    const last = out[out.length - 1];
    if (last && last.kind === kind && kind !== "title") last.text += `\n${text}`;
    else out.push({ kind, text });
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!FENCE.test(line)) {
      push(OUTPUT_LINE.test(line) ? "output" : "prose", line);
      continue;
    }
    const fence = (line.match(FENCE)?.[1] ?? "```") as string;
    let j = i + 1;
    while (j < lines.length && !(lines[j] as string).trimStart().startsWith(fence)) j++;
    for (const [kind, text] of classifyBlock(lines.slice(i + 1, j))) push(kind, text);
    i = j;
  }
  return out;
}

/** Kinds of the lines of one fenced block. */
function classifyBlock(block: readonly string[]): [SegmentKind, string][] {
  const nonEmpty = block.filter((l) => l.trim());
  const shown = nonEmpty.filter(printed).length;
  const session = nonEmpty.length > 0 && PROMPT.test(nonEmpty[0] as string);
  const mostlyOutput = shown > 0 && shown >= nonEmpty.length * OUTPUT_SHARE;
  let afterFrame = false;
  return block.map((line) => {
    const frame = /\bFile "[^"\n]*", line \d+/.test(line);
    const echoed = afterFrame || ECHOED.test(line);
    afterFrame = frame;
    if (PROMPT.test(line)) return ["code", line.replace(PROMPT, "")];
    if (echoed && !OUTPUT_LINE.test(line)) return ["code", line];
    if (OUTPUT_LINE.test(line) || session || mostlyOutput) return ["output", line];
    return ["code", line];
  });
}
