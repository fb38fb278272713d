import { extensionOf } from "./classify.ts";

/** A name a file defines, with the 1-based line of its definition. */
export interface Definition {
  name: string;
  line: number;
  kind: "class" | "function" | "other";
  /** Leading whitespace width: 0 for top level; used to tell methods from functions in the repo map. */
  indent: number;
}

type Rule = { re: RegExp; kind: Definition["kind"] };

// One pattern set per family. These are tags (names and lines), not parses: fast enough for 50,000 files
// on the cold path. Tree-sitter (src/lang) refines the few files that reach the repo map.
const PY: Rule[] = [
  { re: /^([ \t]*)(?:async[ \t]+)?def[ \t]+([A-Za-z_]\w*)/gm, kind: "function" },
  { re: /^([ \t]*)class[ \t]+([A-Za-z_]\w*)/gm, kind: "class" },
  { re: /^()([A-Za-z_]\w*)[ \t]*(?::[^=\n]*)?=[^=]/gm, kind: "other" },
];
const JS: Rule[] = [
  {
    re: /^([ \t]*)(?:export[ \t]+)?(?:default[ \t]+)?(?:async[ \t]+)?function\*?[ \t]+([A-Za-z_$][\w$]*)/gm,
    kind: "function",
  },
  {
    re: /^([ \t]*)(?:export[ \t]+)?(?:default[ \t]+)?(?:abstract[ \t]+)?class[ \t]+([A-Za-z_$][\w$]*)/gm,
    kind: "class",
  },
  { re: /^([ \t]*)(?:export[ \t]+)?(?:interface|type|enum|namespace)[ \t]+([A-Za-z_$][\w$]*)/gm, kind: "class" },
  { re: /^([ \t]*)(?:export[ \t]+)?(?:const|let|var)[ \t]+([A-Za-z_$][\w$]*)[ \t]*(?::[^=\n]*)?=/gm, kind: "other" },
  {
    re: /^([ \t]+)(?:(?:public|private|protected|static|async|readonly|override|get|set)[ \t]+)*([A-Za-z_$][\w$]*)[ \t]*(?:<[^>\n]*>)?\([^)\n]*\)[ \t]*(?::[^{\n]*)?\{/gm,
    kind: "function",
  },
];
const GO: Rule[] = [
  { re: /^()func[ \t]+(?:\([^)]*\)[ \t]*)?([A-Za-z_]\w*)/gm, kind: "function" },
  { re: /^()type[ \t]+([A-Za-z_]\w*)/gm, kind: "class" },
];
const RUST: Rule[] = [
  {
    re: /^([ \t]*)(?:pub(?:\([^)]*\))?[ \t]+)?(?:async[ \t]+)?(?:unsafe[ \t]+)?fn[ \t]+([A-Za-z_]\w*)/gm,
    kind: "function",
  },
  {
    re: /^([ \t]*)(?:pub(?:\([^)]*\))?[ \t]+)?(?:struct|enum|trait|type|union|mod)[ \t]+([A-Za-z_]\w*)/gm,
    kind: "class",
  },
];
const RUBY: Rule[] = [
  { re: /^([ \t]*)def[ \t]+(?:self\.)?([A-Za-z_]\w*[?!]?)/gm, kind: "function" },
  { re: /^([ \t]*)(?:class|module)[ \t]+([A-Z]\w*)/gm, kind: "class" },
];
const CLIKE: Rule[] = [
  {
    re: /^([ \t]*)(?:[\w<>[\],]+[ \t]+)*(?:class|interface|enum|struct|record|object|trait)[ \t]+([A-Za-z_]\w*)/gm,
    kind: "class",
  },
  {
    re: /^([ \t]*)(?:[\w<>[\],*&:]+[ \t]+)+\**([A-Za-z_]\w*)[ \t]*\([^;{]*\)[ \t]*(?:const[ \t]*)?(?:throws[^{]*)?\{?[ \t]*$/gm,
    kind: "function",
  },
  { re: /^([ \t]*)(?:fun|def)[ \t]+(?:<[^>]*>[ \t]*)?([A-Za-z_]\w*)/gm, kind: "function" },
];
const PHP: Rule[] = [
  { re: /^([ \t]*)(?:[a-z]+[ \t]+)*function[ \t]+&?([A-Za-z_]\w*)/gm, kind: "function" },
  { re: /^([ \t]*)(?:abstract[ \t]+|final[ \t]+)*(?:class|interface|trait|enum)[ \t]+([A-Za-z_]\w*)/gm, kind: "class" },
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

/** Names defined in `text`, in line order; empty for languages without rules. */
export function extractDefinitions(path: string, text: string): Definition[] {
  const rules = BY_EXT[extensionOf(path)];
  if (!rules) return [];
  const lineStarts = lineStartIndex(text);
  const out: Definition[] = [];
  for (const { re, kind } of rules) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const name = m[2];
      if (!name || NOT_NAMES.has(name)) continue;
      out.push({ name, line: lineOf(lineStarts, m.index), kind, indent: (m[1] ?? "").length });
      if (out.length >= 5000) break; // a generated table of constants is not worth more
    }
  }
  return out.sort((a, b) => a.line - b.line);
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
