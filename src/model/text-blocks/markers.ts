/**
 * The lines that give a text answer its structure. Markers are recognised on the line with its line
 * ending and trailing blanks removed; code lines are kept byte for byte.
 *
 * Exports: `bare(line)`, `searchOpener(line)`, `isDivider(line, n)`, `isReplaceCloser(line, n)`,
 * `fenceOpener(line)`, `closesFence(line, fence)`, `deletion(line)`, `pathOf(line)`, `Fence`.
 */

/** A line without its carriage return and trailing blanks, for comparing against markers. */
export function bare(line: string): string {
  return line.replace(/[ \t\r]+$/, "");
}

/** `<<<<<<< SEARCH` (seven or more `<`): the number of `<`, which the divider and closer repeat. */
export function searchOpener(line: string): number | null {
  const match = /^(<{7,}) ?SEARCH$/.exec(bare(line));
  return match?.[1] ? match[1].length : null;
}

export function isDivider(line: string, n: number): boolean {
  return bare(line) === "=".repeat(n);
}

export function isReplaceCloser(line: string, n: number): boolean {
  return bare(line) === `${">".repeat(n)} REPLACE` || bare(line) === `${">".repeat(n)}REPLACE`;
}

export interface Fence {
  char: "`" | "~";
  length: number;
  info: string;
}

/** A CommonMark fence opener: three or more backticks (or tildes) and an optional info string. */
export function fenceOpener(line: string): Fence | null {
  const match = /^(`{3,}|~{3,})([^`]*)$/.exec(bare(line));
  if (!match?.[1]) return null;
  return { char: match[1][0] as "`" | "~", length: match[1].length, info: (match[2] ?? "").trim() };
}

/** CommonMark's rule: only a line of the same character, at least as long as the opener, closes it. */
export function closesFence(line: string, fence: Fence): boolean {
  const text = bare(line);
  return text.length >= fence.length && text === fence.char.repeat(text.length);
}

/** `DELETE path/to/file`: the file is removed. */
export function deletion(line: string): string | null {
  const match = /^DELETE:? +(\S+)$/.exec(bare(line));
  return match?.[1] ? clean(match[1]) : null;
}

/**
 * The file path a line names, or null when it cannot be one. Models decorate paths the way Markdown
 * does (`path`, **path**, ### path, path:); a path never contains blanks.
 */
export function pathOf(line: string): string | null {
  let text = bare(line).trim();
  text = text.replace(/^#{1,6} +/, "").replace(/^(?:File|Path): */i, "");
  text = clean(text);
  if (text === "" || /\s/.test(text) || /^[<=>`~]/.test(text)) return null;
  return text;
}

function clean(text: string): string {
  return text
    .replace(/^\*\*(.*)\*\*$/, "$1")
    .replace(/^`(.*)`$/, "$1")
    .replace(/:$/, "")
    .replace(/^\.\//, "");
}
