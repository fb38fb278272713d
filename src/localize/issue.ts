import { termCounts } from "./tokens.ts";

/** A stack-trace frame: file (as printed, maybe absolute), line, and the function when shown. */
export interface Frame {
  path: string;
  line: number;
  func?: string | undefined;
}

export interface IssueSignals {
  /** Query terms for lexical scoring; the title counts twice, it is the densest summary. */
  terms: Map<string, number>;
  /** Path-like strings mentioned anywhere (`src/app/models.py`, `models.py`). */
  paths: string[];
  /** Dotted names that may be modules (`requests.sessions`, `flask.cli.FlaskGroup`). */
  modules: string[];
  frames: Frame[];
  /** Identifiers written as code (backticks, code blocks, CamelCase, snake_case, calls), with a weight. */
  identifiers: Map<string, number>;
  /** Literal text worth finding verbatim in files: command-line flags, error messages, quoted strings. */
  phrases: string[];
  /** The issue is itself about tests: test files then keep most of their weight. */
  aboutTests: boolean;
}

/** Issues past this length are cut: a pasted log of 100,000 characters adds noise, not signal. */
const MAX_CHARS = 60_000;
const MAX_ITEMS = 400;

const PY_FRAME = /File "([^"\n]+)", line (\d+)(?:, in ([\w<>.]+))?/g;
const JS_FRAME = /\bat (?:([\w$.<>[\] ]+?) \()?((?:[A-Za-z]:)?[^\s():]+\.[A-Za-z]{1,5}):(\d+)(?::\d+)?\)?/g;
const PATH_LINE = /((?:[\w.@-]+\/)*[\w.@-]+\.[A-Za-z][A-Za-z0-9]{0,5}):(\d+)\b/g;
const PATH =
  /(?:^|[\s`'"([<{,=:])((?:\.{0,2}\/)?(?:[\w.@+-]+\/)+[\w.@+-]+|[\w@+-]+\.(?:py|pyi|js|jsx|ts|tsx|mjs|cjs|go|rs|rb|java|kt|scala|cs|c|h|cc|cpp|hpp|php|swift|m|vue|svelte|toml|cfg|ini|yaml|yml|json|md|rst|txt|sh|sql|html|css|scss))(?=$|[\s`'"):\]>},.;])/gm;
const DOTTED = /(?<![\w./-])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?![\w/-]|\.\w)/g;
const FROM_IMPORT = /^\s*from\s+([\w.]+)\s+import\s+([\w\s,()]+)$/gm;
const CODE_SPAN = /`([^`\n]{1,200})`/g;
const CODE_BLOCK = /```[^\n]*\n([\s\S]*?)(?:```|$)/g;
const IDENT = /[A-Za-z_]\w*/g;
const TESTS_TOPIC = /\b(flaky|failing tests?|test suite|unit ?tests?|add(ing)? tests?|tests? (fail|break|broken))\b/i;

export function parseIssue(title: string, body: string): IssueSignals {
  const raw = `${title}\n${body}`.slice(0, MAX_CHARS).replace(/\r\n?/g, "\n");
  // Environment dumps (`pip list`, `pip freeze`, `conda list`) name hundreds of installed packages: words
  // that match files by accident. They say which versions ran, not where the fault is.
  const text = withoutPackageLists(raw);
  const terms = termCounts(text);
  for (const [t, n] of termCounts(title)) terms.set(t, (terms.get(t) ?? 0) + n);
  // "JUnit XML", "tmp dir": prose often splits what code writes as one word (`junitxml`, `tmpdir`).
  for (const m of text.matchAll(/\b([A-Za-z]{2,})(?=[ -]([A-Za-z]{2,})\b)/g)) {
    const joined = `${m[1]}${m[2]}`.toLowerCase();
    if (!terms.has(joined)) terms.set(joined, 1);
  }

  const frames: Frame[] = [];
  for (const m of text.matchAll(PY_FRAME)) frames.push({ path: m[1] ?? "", line: Number(m[2]), func: m[3] });
  for (const m of text.matchAll(JS_FRAME))
    frames.push({ path: m[2] ?? "", line: Number(m[3]), func: m[1]?.split(".").pop() });
  for (const m of text.matchAll(PATH_LINE)) {
    if (!frames.some((f) => f.path.endsWith(m[1] ?? "\0"))) frames.push({ path: m[1] ?? "", line: Number(m[2]) });
  }

  const paths = unique([...text.matchAll(PATH)].map((m) => normalisePath(m[1] ?? "")).filter((p) => p.length > 2));

  const options: string[] = [];
  // `ignore-paths`, `--collect-only`: dashed option names are usually snake_case or camelCase in code.
  for (const m of text.matchAll(/(?<![\w-])-{0,2}([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\b/g)) {
    const words = (m[1] ?? "").split("-");
    const snake = words.join("_");
    const camel = words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join("");
    terms.set(snake, (terms.get(snake) ?? 0) + 1);
    terms.set(camel.toLowerCase(), (terms.get(camel.toLowerCase()) ?? 0) + 1);
    options.push(snake, camel.charAt(0).toUpperCase() + camel.slice(1));
  }

  const code: string[] = [];
  for (const m of text.matchAll(CODE_BLOCK)) code.push(m[1] ?? "");
  const prose = text.replace(CODE_BLOCK, " ");
  for (const m of prose.matchAll(CODE_SPAN)) code.push(m[1] ?? "");

  const modules: string[] = [];
  for (const m of text.matchAll(DOTTED)) modules.push(m[1] ?? "");
  for (const m of code.join("\n").matchAll(FROM_IMPORT)) {
    const mod = m[1] ?? "";
    modules.push(mod);
    for (const name of (m[2] ?? "").match(IDENT) ?? []) modules.push(`${mod}.${name}`);
  }

  const identifiers = new Map<string, number>();
  const add = (name: string, w: number) => {
    if (name.length < 3 || identifiers.size >= MAX_ITEMS * 4) return;
    identifiers.set(name, Math.max(identifiers.get(name) ?? 0, w));
  };
  for (const snippet of code) for (const id of snippet.match(IDENT) ?? []) add(id, 2);
  for (const m of prose.matchAll(/[A-Za-z_]\w*/g)) {
    const id = m[0];
    const after = prose[(m.index ?? 0) + id.length];
    const before = prose[(m.index ?? 0) - 1];
    const shaped = /_/.test(id.slice(1)) || /[a-z][A-Z]/.test(id) || /^[A-Z][a-z]+[A-Z]/.test(id);
    if (shaped || after === "(" || before === ".") add(id, shaped ? 1.5 : 1);
  }
  for (const f of frames) if (f.func) add(f.func, 2);
  // An option's value is read into a setting or an enum named after it (`--import-mode` → `ImportMode`,
  // `import_mode`): weaker than a name written as code.
  for (const name of options) add(name, 1);

  return {
    terms,
    paths: paths.slice(0, MAX_ITEMS),
    modules: unique(modules).slice(0, MAX_ITEMS),
    frames: frames.slice(0, MAX_ITEMS),
    identifiers,
    phrases: literalPhrases(text, code).slice(0, 60),
    aboutTests: TESTS_TOPIC.test(title),
  };
}

const PACKAGE_LINE = /^[ \t]*[A-Za-z][\w.-]*(?:[ \t]+|==|>=|@ )v?\d+(?:\.\w+)+\S*(?:[ \t]+\S+)?[ \t]*$/;

/** The text without runs of three or more `package version` lines. */
function withoutPackageLists(text: string): string {
  const lines = text.split("\n");
  const keep = lines.map(() => true);
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j < lines.length && PACKAGE_LINE.test(lines[j] ?? "")) j++;
    if (j - i >= 3) for (let k = i; k < j; k++) keep[k] = false;
    i = Math.max(j, i + 1);
  }
  return lines.filter((_, i) => keep[i]).join("\n");
}

export function normalisePath(p: string): string {
  return p
    .replace(/\\/g, "/")
    .replace(/^(\.{1,2}\/)+/, "")
    .replace(/^\/+/, "");
}

function unique(items: string[]): string[] {
  return [...new Set(items)];
}

const FLAG = /(?<![\w-])--?[a-zA-Z][\w-]{2,40}\b/g;
const ERROR_LINE = /\b[A-Z]\w*(?:Error|Exception|Warning)\b:?\s+([^\n]{8,200})/g;
const QUOTED = /(["'])([^"'\n]{6,120})\1/g;

/**
 * Pieces of text a program prints or parses, which usually sit verbatim in the file that does it: flags
 * (`--collect-only`), error messages (split at interpolated values), quoted strings from the issue's code.
 */
function literalPhrases(text: string, code: readonly string[]): string[] {
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
