/**
 * Text that a program prints or parses sits verbatim in the file that does it: error messages, flags,
 * option names in configuration, the subcommands of a command line. These are found in the issue here
 * and looked up in the top candidates' text at ranking time.
 */

const FLAG = /(?<![\w-])--?[a-zA-Z][\w-]{2,40}\b/g;
const ERROR_LINE = /\b[A-Z]\w*(?:Error|Exception|Warning)\b:?\s+([^\n]{8,200})/g;
const QUOTED = /(["'])([^"'\n]{6,120})\1/g;
/** `--name=value`, `dashed-name = value` (ini, toml): a setting and the value it was given. */
const SETTING =
  /(?<![\w-])(?:--([a-z][a-z0-9-]*)|([a-z][a-z0-9]*(?:-[a-z0-9]+)+))[ \t]*=[ \t]*["']?([A-Za-z_][\w.-]{2,40})\b/g;
const LONG_FLAG = /(?<![\w-])--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\b/g;
const DASHED = /(?<![\w-])([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\b/g;
const COMMAND = /^\s*([a-z][\w.-]*)((?:[ \t]+[^\s()]+)+)\s*$/;
const WORD = /^[a-z][a-z0-9_-]{2,40}$/;

/**
 * Pieces of text a program prints or parses: flags (`--collect-only`), error messages (split at
 * interpolated values), quoted strings from the issue's code. Found by substring.
 */
export function literalPhrases(text: string, code: readonly string[]): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(FLAG)) if (m[0].startsWith("--")) out.add(m[0]);
  const pieces = (s: string) => {
    // Interpolated values differ between the report and the source: keep the constant stretches.
    for (const piece of s.split(/['"`{}()[\]<>]|\b0x[0-9a-f]+|\d+(?:\.\d+)*/i)) {
      const p = piece.trim();
      if (p.length >= 12 && /[a-z]{3}/i.test(p) && /\s/.test(p)) out.add(p);
    }
  };
  for (const m of text.matchAll(ERROR_LINE)) pieces(m[1] ?? "");
  for (const snippet of code) for (const m of snippet.matchAll(QUOTED)) pieces(m[2] ?? "");
  return [...out];
}

/**
 * Names of settings the reporter wrote (`ignore-paths`, `--import-mode=importlib`: `ignore-paths`,
 * `import-mode`, `importlib`): a program declares its options and their choices as string literals.
 */
export function settingWords(said: readonly string[], code: readonly string[]): string[] {
  const out = new Set<string>();
  // Dashed words in prose are mostly English (`built-in`); written as code they are option names.
  for (const text of code) for (const m of text.matchAll(DASHED)) out.add(m[1] ?? "");
  for (const text of [...said, ...code]) {
    for (const m of text.matchAll(LONG_FLAG)) out.add(m[1] ?? "");
    for (const m of text.matchAll(SETTING)) {
      out.add(m[1] ?? m[2] ?? "");
      const value = m[3] ?? "";
      if (/^[a-z][a-z0-9_-]+$/i.test(value) && !/^(true|false|yes|no|none|null)$/i.test(value)) out.add(value);
    }
  }
  return [...out].filter((w) => w.length >= 3);
}

/** A command line the reporter ran: the program, and the plain words after it (subcommands, arguments). */
export interface CommandLine {
  program: string;
  words: string[];
}

/** Lines shaped like `prog sub arg --flag` (no calls, no assignments); `python -m mod ...` runs `mod`. */
export function commandLines(lines: readonly string[]): CommandLine[] {
  const out: CommandLine[] = [];
  for (const line of lines) {
    const m = line.match(COMMAND);
    if (!m) continue;
    let program = m[1] ?? "";
    let args = (m[2] ?? "").trim().split(/\s+/);
    if (/^python[\d.]*$/.test(program) && args[0] === "-m" && args[1]) {
      program = args[1];
      args = args.slice(2);
    }
    const words = args.filter((a) => WORD.test(a));
    if (words.length > 0) out.push({ program: program.split(/[./]/).pop() ?? program, words });
  }
  return out;
}
