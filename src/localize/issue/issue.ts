import { isStopWord, termCounts } from "../index/tokens.ts";
import { importedNames, importQualified } from "./imports.ts";
import { type CommandLine, commandLines, literalPhrases, settingWords } from "./literals.ts";
import { type Segment, type SegmentKind, segmentIssue } from "./segment-issue.ts";

/** A stack-trace frame: file (as printed, maybe absolute), line, and the function when shown. */
export interface Frame {
  path: string;
  line: number;
  func?: string | undefined;
}

export interface IssueSignals {
  /** Query terms for lexical scoring; the title counts twice, it is the densest summary. */
  terms: Map<string, number>;
  /** The same from the reporter's words and code alone, printed output left out. */
  saidTerms: Map<string, number>;
  /** Path-like strings mentioned anywhere (`src/app/models.py`, `models.py`). */
  paths: string[];
  /** Dotted names that may be modules (`requests.sessions`, `flask.cli.FlaskGroup`). */
  modules: string[];
  frames: Frame[];
  /** Identifiers written as code (backticks, code blocks, CamelCase, snake_case, calls), with a weight. */
  identifiers: Map<string, number>;
  /**
   * Names the issue's code reaches only through imported modules, with those modules: when none of them is
   * the repository's, the name belongs to a library and is no evidence for the files that define it.
   */
  imported: Map<string, Set<string>>;
  /** Setting names and values the reporter wrote (`ignore-paths`, `importlib`): string literals in the source. */
  settings: string[];
  /** Command lines in the issue's code: a subcommand of the repository's own program is a string literal. */
  commands: CommandLine[];
  /** Literal text worth finding verbatim in files: command-line flags, error messages, quoted strings. */
  phrases: string[];
  /** The issue is itself about tests: test files then keep most of their weight. */
  aboutTests: boolean;
}

/** Issues past this length are cut: a pasted log of 100,000 characters adds noise, not signal. */
const MAX_CHARS = 60_000;
const MAX_ITEMS = 400;
const MAX_LITERALS = 40;

const PY_FRAME = /File "([^"\n]+)", line (\d+)(?:, in ([\w<>.]+))?/g;
const JS_FRAME = /\bat (?:([\w$.<>[\] ]+?) \()?((?:[A-Za-z]:)?[^\s():]+\.[A-Za-z]{1,5}):(\d+)(?::\d+)?\)?/g;
const PATH_LINE = /((?:[A-Za-z]:)?(?:[\w.@-]+[\\/])*[\w.@-]+\.[A-Za-z][A-Za-z0-9]{0,5}):(\d+)\b/g;
const PATH =
  /(?:^|[\s`'"([<{,=:])((?:\.{0,2}\/)?(?:[\w.@+-]+\/)+[\w.@+-]+|[\w@+-]+\.(?:py|pyi|js|jsx|ts|tsx|mjs|cjs|go|rs|rb|java|kt|scala|cs|c|h|cc|cpp|hpp|php|swift|m|vue|svelte|toml|cfg|ini|yaml|yml|json|md|rst|txt|sh|sql|html|css|scss))(?=$|[\s`'"):\]>},.;])/gm;
const DOTTED = /(?<![\w./-])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?![\w/-]|\.\w)/g;
const FROM_IMPORT = /^\s*from\s+([\w.]+)\s+import\s+([\w\s,()]+)$/gm;
const CODE_SPAN = /`([^`\n]{1,200})`/g;
const IDENT = /[A-Za-z_]\w*/g;
const TESTS_TOPIC = /\b(flaky|failing tests?|test suite|unit ?tests?|add(ing)? tests?|tests? (fail|break|broken))\b/i;

export function parseIssue(title: string, body: string): IssueSignals {
  const clean = (s: string) => s.slice(0, MAX_CHARS).replace(/\r\n?/g, "\n");
  // Environment dumps (`pip list`, `pip freeze`, `conda list`) name hundreds of installed packages: words
  // that match files by accident. They say which versions ran, not where the fault is.
  // HTML comments are an issue template's instructions to the reporter, not the reporter's words.
  const segments = segmentIssue(clean(title), withoutPackageLists(clean(body).replace(/<!--[\s\S]*?(?:-->|$)/g, "")));
  const text = segments.map((s) => s.text).join("\n");
  const said = segments.filter((s) => s.kind !== "output");
  const heading = segments.find((s) => s.kind === "title")?.text ?? "";
  const { terms, printed } = issueTerms(segments, said);
  const frames = issueFrames(text);
  const paths = unique([...text.matchAll(PATH)].map((m) => normalisePath(m[1] ?? "")).filter((p) => p.length > 2));
  const options = optionNames(said, terms);
  const code = segments.filter((s) => s.kind === "code").map((s) => s.text);
  const spans: string[] = [];
  for (const s of said) if (s.kind !== "code") for (const m of s.text.matchAll(CODE_SPAN)) spans.push(m[1] ?? "");
  const snippets = [...code, ...spans];
  const allCode = code.join("\n");
  return {
    terms,
    saidTerms: saidTermsOf(terms, printed),
    paths: paths.slice(0, MAX_ITEMS),
    modules: unique(issueModules(text, allCode)).slice(0, MAX_ITEMS),
    frames: frames.slice(0, MAX_ITEMS),
    identifiers: issueIdentifiers(segments, snippets, frames, options),
    imported: importQualified([allCode, ...spans].join("\n"), importedNames(allCode)),
    phrases: literalPhrases(text, snippets).slice(0, 60),
    settings: settingWords(
      said.filter((s) => s.kind !== "code").map((s) => s.text),
      snippets,
    ).slice(0, MAX_LITERALS),
    commands: commandLines(snippets.flatMap((s) => s.split("\n"))).slice(0, MAX_LITERALS),
    aboutTests: TESTS_TOPIC.test(heading),
  };
}

const addTo = (map: Map<string, number>, t: string, w: number) => map.set(t, (map.get(t) ?? 0) + w);

/** The issue's words, weighted by where they stand; what was printed, counted apart. */
function issueTerms(segments: readonly Segment[], said: readonly Segment[]) {
  const terms = new Map<string, number>();
  const printed = new Map<string, number>();
  for (const s of segments) {
    for (const [t, n] of termCounts(s.text)) {
      if (s.kind === "output") printed.set(t, (printed.get(t) ?? 0) + n);
      else addTo(terms, t, n * TERM_WEIGHT[s.kind]);
    }
  }
  // A log repeats its words line after line (a linter's report names one message a hundred times): what
  // was printed counts sublinearly before it joins the reporter's words.
  for (const [t, n] of printed) addTo(terms, t, TERM_WEIGHT.output * (1 + Math.log(n)));
  // "JUnit XML", "tmp dir": prose often splits what code writes as one word (`junitxml`, `tmpdir`).
  for (const s of said) {
    for (const m of s.text.matchAll(/\b([A-Za-z]{2,})(?=[ -]([A-Za-z]{2,})\b)/g)) {
      if (isStopWord((m[1] ?? "").toLowerCase()) || isStopWord((m[2] ?? "").toLowerCase())) continue;
      const joined = `${m[1]}${m[2]}`.toLowerCase();
      if (!terms.has(joined)) terms.set(joined, TERM_WEIGHT[s.kind]);
    }
  }
  return { terms, printed };
}

function issueFrames(text: string): Frame[] {
  const frames: Frame[] = [];
  for (const m of text.matchAll(PY_FRAME)) frames.push({ path: m[1] ?? "", line: Number(m[2]), func: m[3] });
  for (const m of text.matchAll(JS_FRAME))
    frames.push({ path: m[2] ?? "", line: Number(m[3]), func: m[1]?.split(".").pop() });
  for (const m of text.matchAll(PATH_LINE)) {
    if (!frames.some((f) => f.path.endsWith(m[1] ?? "\0"))) frames.push({ path: m[1] ?? "", line: Number(m[2]) });
  }
  return frames;
}

/**
 * `ignore-paths`, `--collect-only`: dashed option names are usually snake_case or camelCase in code. Only
 * where the reporter wrote them: a linter's output repeats dozens of dashed message names. Their code
 * spellings join the terms; the names are returned.
 */
function optionNames(said: readonly Segment[], terms: Map<string, number>): string[] {
  const options: string[] = [];
  for (const s of said) {
    for (const m of s.text.matchAll(/(?<![\w-])-{0,2}([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\b/g)) {
      const words = (m[1] ?? "").split("-");
      const snake = words.join("_");
      const camel = words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join("");
      addTo(terms, snake, TERM_WEIGHT[s.kind]);
      addTo(terms, camel.toLowerCase(), TERM_WEIGHT[s.kind]);
      options.push(snake, camel.charAt(0).toUpperCase() + camel.slice(1));
    }
  }
  return options;
}

function issueModules(text: string, code: string): string[] {
  const modules: string[] = [];
  for (const m of text.matchAll(DOTTED)) modules.push(m[1] ?? "");
  for (const m of code.matchAll(FROM_IMPORT)) {
    const mod = m[1] ?? "";
    modules.push(mod);
    for (const name of (m[2] ?? "").match(IDENT) ?? []) modules.push(`${mod}.${name}`);
  }
  return modules;
}

/** Names the issue writes as code, or shaped like code, with how sure that is. */
function issueIdentifiers(
  segments: readonly Segment[],
  snippets: readonly string[],
  frames: readonly Frame[],
  options: readonly string[],
): Map<string, number> {
  const identifiers = new Map<string, number>();
  const add = (name: string, w: number) => {
    if (name.length < 3 || identifiers.size >= MAX_ITEMS * 4) return;
    identifiers.set(name, Math.max(identifiers.get(name) ?? 0, w));
  };
  // A path is a place, not a name: its folders (`site-packages`, `Users`) would match definitions by chance.
  for (const snippet of snippets) for (const id of withoutProse(withoutPaths(snippet)).match(IDENT) ?? []) add(id, 2);
  for (const s of segments) {
    if (s.kind === "code") continue;
    const prose = s.kind === "output" ? withoutPaths(s.text) : s.text.replace(CODE_SPAN, " ");
    for (const m of prose.matchAll(IDENT)) {
      const id = m[0];
      const after = prose[(m.index ?? 0) + id.length];
      const before = prose[(m.index ?? 0) - 1];
      const shaped = /_/.test(id.slice(1)) || /[a-z][A-Z]/.test(id) || /^[A-Z][a-z]+[A-Z]/.test(id);
      // Printed text names things when they are shaped like code, or a class in a repr (`Piecewise((x, ...`).
      const named =
        s.kind === "output"
          ? shaped || (after === "(" && /^[A-Z]/.test(id))
          : shaped || after === "(" || before === ".";
      if (named) add(id, shaped ? 1.5 : 1);
    }
  }
  for (const f of frames) if (f.func) add(f.func, 2);
  // An option's value is read into a setting or an enum named after it (`--import-mode` → `ImportMode`,
  // `import_mode`): weaker than a name written as code.
  for (const name of options) add(name, 1);
  return identifiers;
}

/** The terms less what was only printed: the reporter's own words. */
function saidTermsOf(terms: ReadonlyMap<string, number>, printed: ReadonlyMap<string, number>): Map<string, number> {
  const saidTerms = new Map<string, number>();
  for (const [t, w] of terms) {
    const n = printed.get(t);
    const said = n === undefined ? w : w - TERM_WEIGHT.output * (1 + Math.log(n));
    if (said > 1e-9) saidTerms.set(t, said);
  }
  return saidTerms;
}

/** How much a word counts by where it stands: the title sums the issue up, printed output repeats itself. */
const TERM_WEIGHT: Record<SegmentKind, number> = { title: 2, prose: 1, code: 1, output: 0.4 };

/**
 * Code with the string literals and comments that hold prose (`"Requires Python 3.8"`, `# must come after
 * the skip`) blanked: their words are not names. Commented-out code (`# monkeypatch.chdir(d)`) stays.
 */
function withoutProse(code: string): string {
  return code
    .replace(/(["'])((?:\\.|(?!\1)[^\n])*)\1/g, (all, _q, inner: string) => (/\s/.test(inner.trim()) ? " " : all))
    .replace(/(?:^|\s)(?:#|\/\/)(.*)$/gm, (all, inner: string) => (SENTENCE.test(inner) ? " " : all));
}
const SENTENCE = /\b[A-Za-z]+\s+[A-Za-z]+\s+[A-Za-z]+\b/;

/** The text with path-like tokens blanked. */
function withoutPaths(text: string): string {
  return text.replace(/(?:[A-Za-z]:)?[\w.@~+-]*(?:[/\\][\w.@~+-]+)+/g, " ");
}

const PACKAGE_LINE = /^[ \t]*[A-Za-z][\w.-]*(?:[ \t]+|==|>=|@ )v?\d+(?:\.\w+)+\S*(?:[ \t]+\S+)?[ \t]*$/;

/** A list's header (`Package    Version`, conda's `# Name  Version  Build`) or its rule of dashes. */
const PACKAGE_HEADER = /^[ \t]*(?:#[ \t]*)?(?:package|name)[ \t]+version\b.*$|^[ \t]*-{3,}[ \t-]*$/i;

/** The text without runs of three or more `package version` lines, nor their headers. */
function withoutPackageLists(text: string): string {
  const lines = text.split("\n");
  const keep = lines.map(() => true);
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j < lines.length && PACKAGE_LINE.test(lines[j] ?? "")) j++;
    if (j - i >= 3) {
      let from = i;
      while (from > 0 && PACKAGE_HEADER.test(lines[from - 1] ?? "")) from--;
      for (let k = from; k < j; k++) keep[k] = false;
    }
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
