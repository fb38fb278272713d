import { extensionOf } from "./classify.ts";

/** A name a file defines, with the 1-based line of its definition. */
export interface Definition {
  name: string;
  line: number;
  kind: "class" | "function" | "other";
  /** Leading whitespace width: 0 for top level; used to tell methods from functions in the repo map. */
  indent: number;
}

/**
 * `re` matches at a line start. Cheap tests skip most lines: `lead`, the characters the statement can start
 * with after the indentation; `top`, only unindented lines; `nested`, only indented ones; `needs`, a
 * character the line must contain.
 */
type Rule = { re: RegExp; kind: Definition["kind"]; lead?: string; top?: boolean; nested?: boolean; needs?: string };

// One pattern set per family. These are tags (names and lines), not parses: fast enough for 50,000 files
// on the cold path. Tree-sitter (src/lang) refines the few files that reach the repo map.
const PY: Rule[] = [
  { re: /^([ \t]*)(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)/gm, kind: "function", lead: "ad" },
  { re: /^([ \t]*)class[ \t]+([A-Za-z_]\w*)/gm, kind: "class", lead: "c" },
  { re: /^()([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[^=]/gm, kind: "other", top: true, needs: "=" },
];
const JS: Rule[] = [
  {
    re: /^([ \t]*)(?:export[ \t]+)?(?:default[ \t]+)?(?:async[ \t]+)?function\*?[ \t]+([A-Za-z_$][\w$]*)/gm,
    kind: "function",
    lead: "edaf",
  },
  {
    re: /^([ \t]*)(?:export[ \t]+)?(?:default[ \t]+)?(?:abstract[ \t]+)?class[ \t]+([A-Za-z_$][\w$]*)/gm,
    kind: "class",
    lead: "edac",
  },
  {
    re: /^([ \t]*)(?:export[ \t]+)?(?:interface|type|enum|namespace)[ \t]+([A-Za-z_$][\w$]*)/gm,
    kind: "class",
    lead: "eitn",
  },
  {
    re: /^([ \t]*)(?:export[ \t]+)?(?:const|let|var)[ \t]+([A-Za-z_$][\w$]*)[ \t]*(?::[^=\n]*)?=/gm,
    kind: "other",
    lead: "eclv",
  },
  {
    re: /^([ \t]+)(?:(?:public|private|protected|static|async|readonly|override|get|set)[ \t]+)*([A-Za-z_$][\w$]*)[ \t]*(?:<[^>\n]*>)?\([^)\n]*\)[ \t]*(?::[^{\n]*)?\{/gm,
    kind: "function",
    nested: true,
    needs: "{",
  },
];
const GO: Rule[] = [
  { re: /^()func[ \t]+(?:\([^)]*\)[ \t]*)?([A-Za-z_]\w*)/gm, kind: "function", top: true, lead: "f" },
  { re: /^()type[ \t]+([A-Za-z_]\w*)/gm, kind: "class", top: true, lead: "t" },
];
const RUST: Rule[] = [
  {
    re: /^([ \t]*)(?:pub(?:\([^)]*\))?[ \t]+)?(?:async[ \t]+)?(?:unsafe[ \t]+)?fn[ \t]+([A-Za-z_]\w*)/gm,
    kind: "function",
    lead: "pauf",
  },
  {
    re: /^([ \t]*)(?:pub(?:\([^)]*\))?[ \t]+)?(?:struct|enum|trait|type|union|mod)[ \t]+([A-Za-z_]\w*)/gm,
    kind: "class",
    lead: "psetum",
  },
];
const RUBY: Rule[] = [
  { re: /^([ \t]*)def[ \t]+(?:self\.)?([A-Za-z_]\w*[?!]?)/gm, kind: "function", lead: "d" },
  { re: /^([ \t]*)(?:class|module)[ \t]+([A-Z]\w*)/gm, kind: "class", lead: "cm" },
];
const CLIKE: Rule[] = [
  {
    re: /^([ \t]*)(?:[\w<>[\],]+[ \t]+)*(?:class|interface|enum|struct|record|object|trait)[ \t]+([A-Za-z_]\w*)/gm,
    kind: "class",
  },
  {
    re: /^([ \t]*)(?:[\w<>[\],*&:]+[ \t]+)+\**([A-Za-z_]\w*)[ \t]*\([^;{]*\)[ \t]*(?:const[ \t]*)?(?:throws[^{]*)?\{?[ \t]*$/gm,
    kind: "function",
    // Nothing before the "(" can cross a line end: a line without one cannot start a match.
    needs: "(",
  },
  { re: /^([ \t]*)(?:fun|def)[ \t]+(?:<[^>]*>[ \t]*)?([A-Za-z_]\w*)/gm, kind: "function", lead: "fd" },
];
const PHP: Rule[] = [
  { re: /^([ \t]*)(?:[a-z]+[ \t]+)*function[ \t]+&?([A-Za-z_]\w*)/gm, kind: "function" },
  {
    re: /^([ \t]*)(?:abstract[ \t]+|final[ \t]+)*(?:class|interface|trait|enum)[ \t]+([A-Za-z_]\w*)/gm,
    kind: "class",
    lead: "afcite",
  },
];

const BY_EXT: Record<string, Rule[]> = {
  py: PY,
  pyi: PY,
  pyx: PY,
  js: JS,
  jsx: JS,
  mjs: JS,
  cjs: JS,
  ts: JS,
  tsx: JS,
  mts: JS,
  cts: JS,
  vue: JS,
  svelte: JS,
  go: GO,
  rs: RUST,
  rb: RUBY,
  php: PHP,
  java: CLIKE,
  kt: CLIKE,
  kts: CLIKE,
  scala: CLIKE,
  cs: CLIKE,
  c: CLIKE,
  h: CLIKE,
  cc: CLIKE,
  cpp: CLIKE,
  cxx: CLIKE,
  hpp: CLIKE,
  hh: CLIKE,
  m: CLIKE,
  mm: CLIKE,
  swift: CLIKE,
  dart: CLIKE,
};

const NOT_NAMES = new Set([
  "if",
  "for",
  "while",
  "switch",
  "catch",
  "return",
  "function",
  "else",
  "new",
  "sizeof",
  "__all__",
]);

export function hasDefinitionRules(path: string): boolean {
  return extensionOf(path) in BY_EXT;
}

/**
 * A rule set ready to run: each rule once more as a sticky regex, tried only at line starts that pass its
 * cheap tests, and per first character (128 for anything past ASCII) the bit set of rules whose `lead`
 * allows it, so that a line costs a table look-up before any regex runs.
 */
interface Family {
  rules: readonly Rule[];
  res: RegExp[];
  byFirst: Uint32Array;
  top: number;
  nested: number;
}

const FAMILIES = new Map<Rule[], Family>();
function familyOf(rules: Rule[]): Family {
  let f = FAMILIES.get(rules);
  if (!f) {
    const byFirst = new Uint32Array(129);
    for (let c = 0; c <= 128; c++) {
      rules.forEach((r, i) => {
        if (r.lead === undefined || (c < 128 && r.lead.includes(String.fromCharCode(c))))
          byFirst[c] = (byFirst[c] as number) | (1 << i);
      });
    }
    const bits = (test: (r: Rule) => boolean) => rules.reduce((m, r, i) => (test(r) ? m | (1 << i) : m), 0);
    f = {
      rules,
      res: rules.map((r) => new RegExp(r.re.source, "my")),
      byFirst,
      top: bits((r) => r.top === true),
      nested: bits((r) => r.nested === true),
    };
    FAMILIES.set(rules, f);
  }
  return f;
}

const MAX_DEFINITIONS = 5000; // a generated table of constants is not worth more

/**
 * Names defined in `text`, in line order; empty for languages without rules. One pass over the lines: a
 * rule's regex runs only where the line's first character can start it, not over the whole text.
 */
export function extractDefinitions(path: string, text: string): Definition[] {
  const rules = BY_EXT[extensionOf(path)];
  if (!rules) return [];
  const { res, byFirst, top, nested } = familyOf(rules);
  // Where each rule may match again: a match that spans lines (a C signature) hides the lines it covers.
  const resume = rules.map(() => 0);
  // Next offset of each rule's `needs` character: found by moving forward only, so linear in the text.
  const needAt = rules.map(() => -1);
  const out: Definition[] = [];
  const n = text.length;
  let line = 1;
  for (let pos = 0; pos <= n && out.length < MAX_DEFINITIONS; line++) {
    const nl = text.indexOf("\n", pos);
    const lineEnd = nl < 0 ? n : nl;
    let p = pos;
    let c = text.charCodeAt(p);
    while (c === 32 || c === 9) c = text.charCodeAt(++p);
    if (p < n && c !== 10) {
      let cand = (byFirst[Math.min(c, 128)] as number) & ~(p > pos ? top : nested);
      while (cand !== 0) {
        const r = 31 - Math.clz32(cand & -cand);
        cand &= cand - 1;
        if (pos < (resume[r] as number)) continue;
        const rule = rules[r] as Rule;
        if (rule.needs !== undefined) {
          if ((needAt[r] as number) < pos) needAt[r] = text.indexOf(rule.needs, pos) >>> 0; // -1 → never
          if ((needAt[r] as number) >= lineEnd) continue;
        }
        const re = res[r] as RegExp;
        re.lastIndex = pos;
        const m = re.exec(text);
        if (!m) continue;
        resume[r] = re.lastIndex;
        const name = m[2];
        if (name && !NOT_NAMES.has(name)) out.push({ name, line, kind: rule.kind, indent: (m[1] ?? "").length });
      }
    }
    if (nl < 0) break;
    pos = nl + 1;
  }
  return out;
}

export function lineStartIndex(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** 1-based line of character `offset`. */
export function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
