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
  const text = `${title}\n${body}`.slice(0, MAX_CHARS);
  const terms = termCounts(text);
  for (const [t, n] of termCounts(title)) terms.set(t, (terms.get(t) ?? 0) + n);

  const frames: Frame[] = [];
  for (const m of text.matchAll(PY_FRAME)) frames.push({ path: m[1] ?? "", line: Number(m[2]), func: m[3] });
  for (const m of text.matchAll(JS_FRAME))
    frames.push({ path: m[2] ?? "", line: Number(m[3]), func: m[1]?.split(".").pop() });
  for (const m of text.matchAll(PATH_LINE)) {
    if (!frames.some((f) => f.path.endsWith(m[1] ?? "\0"))) frames.push({ path: m[1] ?? "", line: Number(m[2]) });
  }

  const paths = unique([...text.matchAll(PATH)].map((m) => normalisePath(m[1] ?? "")).filter((p) => p.length > 2));

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

  return {
    terms,
    paths: paths.slice(0, MAX_ITEMS),
    modules: unique(modules).slice(0, MAX_ITEMS),
    frames: frames.slice(0, MAX_ITEMS),
    identifiers,
    aboutTests: TESTS_TOPIC.test(title),
  };
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
