/**
 * The first `max` UTF-16 units of `text`, one fewer when the cut would split a surrogate pair: half an
 * emoji is not a character, and PostgreSQL refuses JSON that holds one.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = max > 0 && isHighSurrogate(text.charCodeAt(max - 1)) ? max - 1 : max;
  return text.slice(0, end);
}

/** `clip` with a mark that says something was cut, the whole within `max`. */
export function clipWith(text: string, max: number, mark = "..."): string {
  return text.length <= max ? text : `${clip(text, max - mark.length)}${mark}`;
}

/**
 * `text` on one line (runs of whitespace, newlines included, become one space), cut to `max` with `mark`
 * after the cut: for an error message quoted in a log line, a comment or another error.
 */
export function oneLine(text: string, max: number, mark = ""): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${clip(line, max)}${mark}` : line;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

/** The last `max` UTF-16 units of `text`, one fewer when the cut would split a surrogate pair. */
export function clipStart(text: string, max: number): string {
  if (text.length <= max) return text;
  const start = text.length - max;
  return text.slice(isLowSurrogate(text.charCodeAt(start)) ? start + 1 : start);
}

const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;
