/**
 * The programs a test command starts: the first word of each `&&`, `||`, `;`, `|` or newline segment,
 * after variable assignments and wrappers (`env`, `exec`, `time`, `timeout 60`, `nice`). Enough to find
 * the interpreters a command needs; it is not a shell parser and need not be: a program it misses is
 * merely not mounted, and the command then fails visibly in the sandbox.
 */
export function programsOf(command: string, implied: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const segment of segments(command)) {
    const name = programOf(words(segment));
    if (name === null) continue;
    for (const program of [name, ...(NEEDS[name] ?? [])]) if (!found.includes(program)) found.push(program);
  }
  for (const program of implied) if (!found.includes(program)) found.push(program);
  return found;
}

/** Programs that run on another one found on PATH (`#!/usr/bin/env node`). */
const NEEDS: Record<string, string[]> = {
  npm: ["node"],
  npx: ["node"],
  pnpm: ["node"],
  yarn: ["node"],
  corepack: ["node"],
  cargo: ["rustc"],
};

/** Words a program may follow: wrappers, and the keywords that start a compound command. */
const WRAPPERS = new Set([
  ..."env exec time nice nohup command xvfb-run stdbuf".split(" "),
  ..."if then else elif while until do ! {".split(" "),
]);
/** Builtins and keywords that start no program of their own. */
const SKIPPED = new Set(
  [
    "cd export set unset true false : echo test [ } exit return source . eval shift umask ulimit wait trap read",
    "alias fi for done case esac",
  ]
    .join(" ")
    .split(" "),
);
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;
const NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

function programOf(argv: string[]): string | null {
  let i = 0;
  while (i < argv.length) {
    const word = argv[i] as string;
    // `env -u NAME` and `nice -n 10` take an argument; so does `timeout`, its duration.
    if (ASSIGNMENT.test(word)) i += 1;
    else if (word.startsWith("-")) i += word === "-u" || word === "-n" ? 2 : 1;
    else if (word === "timeout") i += 2;
    else if (WRAPPERS.has(word)) i += 1;
    else break;
  }
  const word = argv[i];
  if (word === undefined || SKIPPED.has(word)) return null;
  // Only bare names are looked up on booty's PATH: a path chosen by the repository mounts nothing.
  return NAME.test(word) ? word : null;
}

/** Splits on unquoted `&&`, `||`, `;`, `|`, `&`, parentheses and newlines. */
function segments(command: string): string[] {
  const out: string[] = [];
  let current = "";
  let quote: string | null = null;
  for (let i = 0; i < command.length; i += 1) {
    const c = command[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === "\\" && quote === '"') current += command[++i] ?? "";
      current += c;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    if (c === "\\") {
      current += c + (command[++i] ?? "");
      continue;
    }
    if (c === ";" || c === "|" || c === "&" || c === "\n" || c === "(" || c === ")") {
      out.push(current);
      current = "";
      continue;
    }
    current += c;
  }
  out.push(current);
  return out.map((s) => s.trim()).filter(Boolean);
}

/** Whitespace-separated words with quotes removed (`FOO='a b'` is one word). */
function words(segment: string): string[] {
  const out: string[] = [];
  let current: string | null = null;
  let quote: string | null = null;
  for (let i = 0; i < segment.length; i += 1) {
    const c = segment[i] as string;
    if (quote) {
      if (c === quote) quote = null;
      else current = (current ?? "") + c;
    } else if (c === "'" || c === '"') {
      quote = c;
      current ??= "";
    } else if (/\s/.test(c)) {
      if (current !== null) out.push(current);
      current = null;
    } else {
      current = (current ?? "") + (c === "\\" ? (segment[++i] ?? "") : c);
    }
  }
  if (current !== null) out.push(current);
  return out;
}
