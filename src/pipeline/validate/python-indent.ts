import type { FileProblem } from "./types.ts";

/**
 * Python's indentation rules, which tree-sitter's Python grammar does not enforce (it happily nests an
 * unexpected indent or accepts an empty block). A small tokenizer tracks strings, comments, brackets and
 * backslash continuations so that only the first line of each logical line is judged, as CPython does.
 * Returns at most the first problem: after one indentation error, the rest is noise.
 */
export function checkPythonIndentation(text: string): FileProblem[] {
  const stack = [0];
  let headerLine = 0; // line of the previous logical line when it ended with ':' (opens a block)
  const scanner = new LineScanner(text);
  for (let logical = scanner.next(); logical; logical = scanner.next()) {
    const top = stack[stack.length - 1] ?? 0;
    const { line, indent } = logical;
    if (headerLine > 0) {
      if (indent <= top) return [problem(line, indent, `expected an indented block after line ${headerLine}`)];
      stack.push(indent);
    } else if (indent > top) {
      return [problem(line, indent, "unexpected indent")];
    } else if (indent < top) {
      while ((stack[stack.length - 1] ?? 0) > indent) stack.pop();
      if ((stack[stack.length - 1] ?? 0) !== indent) {
        return [problem(line, indent, "unindent does not match any outer indentation level")];
      }
    }
    headerLine = logical.opensBlock ? line : 0;
  }
  if (headerLine > 0) {
    return [problem(headerLine, 0, `expected an indented block after line ${headerLine}`)];
  }
  return [];
}

function problem(line: number, indent: number, message: string): FileProblem {
  return { line, column: indent + 1, message: `IndentationError: ${message}` };
}

interface LogicalLine {
  line: number;
  /** Width of the leading whitespace, tabs to the next multiple of 8 as CPython counts them. */
  indent: number;
  /** Ends (outside brackets, strings and comments) with ':'. */
  opensBlock: boolean;
}

class LineScanner {
  readonly text: string;
  position = 0;
  lineCount = 1;

  constructor(text: string) {
    this.text = text;
  }

  /** The next logical line that holds code (blank and comment-only lines do not count), or null. */
  next(): LogicalLine | null {
    while (this.position < this.text.length) {
      const line = this.lineCount;
      const indent = this.readIndent();
      const char = this.text[this.position];
      if (char === undefined) return null;
      if (char === "\n" || char === "\r" || char === "#" || char === "\f") {
        this.skipLine();
        continue;
      }
      return { line, indent, opensBlock: this.readLogicalLine() };
    }
    return null;
  }

  private readIndent(): number {
    let width = 0;
    for (;;) {
      const char = this.text[this.position];
      if (char === " ") width += 1;
      else if (char === "\t") width = (Math.floor(width / 8) + 1) * 8;
      else return width;
      this.position += 1;
    }
  }

  private skipLine(): void {
    const end = this.text.indexOf("\n", this.position);
    this.position = end === -1 ? this.text.length : end + 1;
    this.lineCount += 1;
  }

  /** Consumes one logical line; tells whether its last significant character is ':'. */
  private readLogicalLine(): boolean {
    const text = this.text;
    let depth = 0;
    let last = "";
    while (this.position < text.length) {
      const char = text[this.position] ?? "";
      if (char === "\n") {
        this.position += 1;
        this.lineCount += 1;
        if (depth === 0) return last === ":";
        continue;
      }
      if (char === "#") {
        const end = text.indexOf("\n", this.position);
        this.position = end === -1 ? text.length : end;
        continue;
      }
      if (char === "\\" && (text[this.position + 1] === "\n" || text.startsWith("\r\n", this.position + 1))) {
        this.position += text[this.position + 1] === "\r" ? 3 : 2;
        this.lineCount += 1;
        continue;
      }
      if (char === '"' || char === "'") {
        this.skipString(char);
        last = char;
        continue;
      }
      if ("([{".includes(char)) depth += 1;
      else if (")]}".includes(char)) depth = Math.max(0, depth - 1);
      if (char !== " " && char !== "\t" && char !== "\r") last = char;
      this.position += 1;
    }
    return last === ":";
  }

  /** Skips a string literal, triple-quoted or not; an unterminated one-line string ends at the newline. */
  private skipString(quote: string): void {
    const text = this.text;
    const triple = text.startsWith(quote.repeat(3), this.position);
    this.position += triple ? 3 : 1;
    while (this.position < text.length) {
      const char = text[this.position];
      if (char === "\\") {
        if (text[this.position + 1] === "\n") this.lineCount += 1;
        this.position += 2;
        continue;
      }
      if (char === "\n") {
        if (!triple) return;
        this.lineCount += 1;
      } else if (triple ? text.startsWith(quote.repeat(3), this.position) : char === quote) {
        this.position += triple ? 3 : 1;
        return;
      }
      this.position += 1;
    }
  }
}
