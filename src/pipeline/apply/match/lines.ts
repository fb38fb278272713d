/** Line views of a file, with the offsets needed to splice a replacement back into the original text. */
export interface Line {
  text: string;
  start: number;
  /** End of the text, before `\r\n` or `\n`. */
  end: number;
  /** End including the line break (equals `end` on a last line without one). */
  breakEnd: number;
}

/** The file's real lines: a final line break does not start an extra empty line. */
export function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf("\n", start);
    const breakEnd = newline === -1 ? text.length : newline + 1;
    let end = newline === -1 ? text.length : newline;
    if (end > start && text[end - 1] === "\r") end--;
    lines.push({ text: text.slice(start, end), start, end, breakEnd });
    start = breakEnd;
  }
  return lines;
}

/** A search or replace block as lines; one final line break is not an extra line. */
export function blockLines(block: string): string[] {
  const text = block.replace(/\r\n/g, "\n");
  if (text === "") return [];
  return (text.endsWith("\n") ? text.slice(0, -1) : text).split("\n");
}

export function trimEnd(line: string): string {
  return line.replace(/[ \t\r]+$/, "");
}

export function isBlank(line: string): boolean {
  return line.trim() === "";
}

export function indentOf(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? "";
}

export function isCrlf(text: string): boolean {
  const crlf = text.split("\r\n").length - 1;
  const lf = text.split("\n").length - 1;
  return crlf > 0 && crlf * 2 >= lf;
}

export function lineOfOffset(text: string, index: number): number {
  let line = 1;
  for (let at = text.indexOf("\n"); at !== -1 && at < index; at = text.indexOf("\n", at + 1)) line++;
  return line;
}
