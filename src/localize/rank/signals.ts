import { type Field, type LocalIndex, postingsOf } from "../index/store.ts";
import { type IssueSignals, normalisePath } from "../issue/issue.ts";
import type { PathResolver } from "./resolve.ts";

/** Per-document evidence; reasons are kept only for documents that end up listed. */
export interface Evidence {
  lexical: Float64Array;
  mention: Float64Array;
  frame: Float64Array;
  definition: Float64Array;
  reasons: Map<number, string[]>;
  /**
   * The issue's names that count as evidence (lower-case), each with how specific it is, 0..1: rare in the
   * repository and shaped like an identifier. Library names reached through imports are left out.
   */
  named: Map<string, number>;
  /** Lines worth showing per document (stack frames, definitions of mentioned names). */
  lines: Map<number, number[]>;
}

// Lucene's BM25 defaults for long documents (SWE-bench used k1=0.9, b=0.4 on code).
const K1 = 0.9;
const B = 0.4;
// Path words and defined names are short, dense fields: a hit there says more than one in the body.
const FIELD_WEIGHT: Record<Field, number> = { c: 1, p: 2, d: 1.5 };
const MAX_QUERY_TERMS = 600;
/** Weight of the outermost repository frame of a traceback, against 1 for the innermost. */
const FRAME_FLOOR = 0.3;

export function lexicalScores(
  index: LocalIndex,
  query: ReadonlyMap<string, number>,
  eligible: Uint8Array,
): Float64Array {
  const n = index.docs.length;
  const scores = new Float64Array(n);
  const terms = [...query].sort((a, b) => b[1] - a[1]).slice(0, MAX_QUERY_TERMS);
  for (const field of Object.keys(FIELD_WEIGHT) as Field[]) {
    const lengths = index.lengths[field];
    let total = 0;
    for (let i = 0; i < n; i++) total += lengths[i] ?? 0;
    const avg = total / Math.max(1, n) || 1;
    for (const [term, qtf] of terms) {
      const list = postingsOf(index, field, term);
      const df = list.length / 2;
      if (df === 0) continue;
      const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
      const w = FIELD_WEIGHT[field] * idf * queryWeight(qtf);
      for (let j = 0; j < list.length; j += 2) {
        const doc = list[j] as number;
        if (!eligible[doc]) continue;
        const tf = list[j + 1] as number;
        const norm = K1 * (1 - B + (B * (lengths[doc] ?? 0)) / avg);
        scores[doc] = (scores[doc] ?? 0) + (w * tf * (K1 + 1)) / (tf + norm);
      }
    }
  }
  return scores;
}

/** Sublinear in repeats; a term seen only in printed output (weight below 1) counts that fraction. */
export function queryWeight(qtf: number): number {
  return qtf >= 1 ? 1 + Math.log(qtf) : qtf;
}

export function collectEvidence(
  index: LocalIndex,
  issue: IssueSignals,
  resolver: PathResolver,
  eligible: Uint8Array,
): Evidence {
  const n = index.docs.length;
  const ev: Evidence = {
    lexical: lexicalScores(index, issue.terms, eligible),
    mention: new Float64Array(n),
    frame: new Float64Array(n),
    definition: new Float64Array(n),
    reasons: new Map(),
    lines: new Map(),
    named: new Map(),
  };
  mentionEvidence(ev, index, issue, resolver);
  frameEvidence(ev, issue, resolver);
  definitionEvidence(ev, index, issue, resolver);
  return ev;
}

function note(ev: Evidence, doc: number, reason: string): void {
  const list = ev.reasons.get(doc) ?? [];
  if (list.length < 8 && !list.includes(reason)) list.push(reason);
  ev.reasons.set(doc, list);
}

function mark(ev: Evidence, doc: number, line: number): void {
  const list = ev.lines.get(doc) ?? [];
  if (list.length < 40) list.push(line);
  ev.lines.set(doc, list);
}

/** Paths and dotted modules the issue names, resolved to the repository's files. */
function mentionEvidence(ev: Evidence, index: LocalIndex, issue: IssueSignals, resolver: PathResolver): void {
  // A path in a traceback is weighed as a frame, by its depth, not as a mention as well.
  const framePaths = new Set(issue.frames.map((f) => normalisePath(f.path)));
  for (const p of issue.paths) {
    if (framePaths.has(p)) continue;
    for (const { doc, weight } of resolver.resolvePath(p)) {
      ev.mention[doc] = Math.max(ev.mention[doc] ?? 0, weight);
      note(ev, doc, `path mentioned: ${p}`);
    }
  }
  for (const m of issue.modules) {
    for (const { doc, rest, weight } of resolver.resolveModule(m)) {
      // `pkg.mod.Thing` says more about pkg/mod than a bare `pkg.mod`, when Thing is really there.
      const named = rest.length > 0 && postingsHas(postingsOf(index, "d", `=${rest[0]}`), doc);
      const w = weight * (named ? 1 : rest.length > 0 ? 0.6 : 0.8);
      ev.mention[doc] = Math.max(ev.mention[doc] ?? 0, w);
      note(ev, doc, `module mentioned: ${m}`);
    }
  }
}

/** Traceback frames in the repository's files, the innermost weighing most. */
function frameEvidence(ev: Evidence, issue: IssueSignals, resolver: PathResolver): void {
  // The innermost frames are nearest the fault, and of those the ones in the repository's own files: a
  // traceback usually ends in a library or in the reporter's code, and starts in an entry point.
  const resolved = issue.frames
    .map((f) => ({ f, docs: resolver.resolvePath(normalisePath(f.path)) }))
    .filter((r) => r.docs.length > 0);
  // A frame matched by its file name alone (`C:/Python38/lib/pathlib.py`) is most likely not the repository's.
  const strong = resolved.filter((r) => r.docs.some((d) => d.weight >= 0.5));
  resolved.forEach((r) => {
    const k = strong.indexOf(r);
    const depth = k < 0 ? 0 : strong.length > 1 ? k / (strong.length - 1) : 1;
    for (const { doc, weight } of r.docs) {
      const w = weight * (FRAME_FLOOR + (1 - FRAME_FLOOR) * depth);
      ev.frame[doc] = Math.max(ev.frame[doc] ?? 0, w);
      note(ev, doc, `stack frame: line ${r.f.line}${r.f.func ? ` in ${r.f.func}` : ""}`);
      mark(ev, doc, r.f.line);
    }
  });
}

/** Names the issue writes as code, credited to the few files that define them, by how specific they are. */
function definitionEvidence(ev: Evidence, index: LocalIndex, issue: IssueSignals, resolver: PathResolver): void {
  const n = index.docs.length;
  const logN = Math.log(n + 1);
  const foreign = (name: string) => {
    const via = issue.imported.get(name);
    return via !== undefined && ![...via].some((mod) => resolver.hasModule(mod));
  };
  for (const [name, w] of issue.identifiers) {
    // `os.chdir` in the reporter's script is the standard library's, whatever the repository defines.
    if (foreign(name)) continue;
    // A name used all over the repository (`name`, `line`) points nowhere: weigh by how rarely it is
    // referenced, and a plain lower-case word (likely English) less than a compound identifier.
    const lower = name.toLowerCase();
    const refs = postingsOf(index, "c", lower).length / 2;
    const rarity = Math.max(0, Math.log((n + 1) / (refs + 1)) / logN);
    const shape = /[A-Z_]/.test(name.slice(1)) || /^[A-Z]/.test(name) ? 1 : 0.4;
    const specific = rarity * rarity * shape;
    ev.named.set(lower, Math.max(ev.named.get(lower) ?? 0, specific));
    const list = postingsOf(index, "d", `=${name}`);
    const definers = list.length / 2;
    // Nor does a name defined in many files (`__init__`, `run`); one defined once does.
    if (definers === 0 || definers > 12) continue;
    const share = (w * specific) / definers;
    if (share < 0.02) continue;
    for (let j = 0; j < list.length; j += 2) {
      const doc = list[j] as number;
      ev.definition[doc] = (ev.definition[doc] ?? 0) + share;
      if (definers <= 3) note(ev, doc, `defines ${name}`);
    }
  }
}

function postingsHas(list: Int32Array, doc: number): boolean {
  for (let j = 0; j < list.length; j += 2) if (list[j] === doc) return true;
  return false;
}
