import { kindPrior } from "../index/classify.ts";
import type { DocTexts } from "../index/doc-texts.ts";
import type { LocalIndex } from "../index/store.ts";
import type { IssueSignals } from "../issue/issue.ts";
import { importEdges } from "./edges.ts";
import { personalisedRank } from "./graph.ts";
import { literalScores } from "./literal.ts";
import { PathResolver } from "./resolve.ts";
import { collectEvidence, type Evidence, lexicalScores } from "./signals.ts";
import { testedScores } from "./tested.ts";

/** Files whose text is read to refine the ranking (graph, anchors); the rest keep their first score. */
export const RERANK_DEPTH = 80;
/** Top candidates whose folders lend weight to their neighbours. */
const FOLDER_DEPTH = 10;

// Fusion weights. Explicit pointers (a path, a module, a traceback frame) are close to certain and outweigh
// wording; a mentioned name that only a few files define is nearly as strong; the lexical score orders the
// rest; the graph only shifts files the pointers depend on; the folder prior, weaker still, only lends
// neighbours of the top files some of their weight.
const W = { lexical: 1, mention: 1.2, frame: 1.5, definition: 0.8, graph: 0.4, literal: 0.6, folder: 0.3, tested: 0.3 };

/** The first ranking, from the index alone: no file is read. */
export interface FirstPass {
  ev: Evidence;
  resolver: PathResolver;
  prior: number[];
  tested: Map<number, number>;
  first: Float64Array;
}

const norm = (a: Float64Array) => {
  let max = 0;
  for (const v of a) if (v > max) max = v;
  return max > 0 ? max : 1;
};

export function firstPass(index: LocalIndex, issue: IssueSignals): FirstPass {
  const n = index.docs.length;
  const eligible = new Uint8Array(n).fill(1);
  const resolver = new PathResolver(index);
  const ev = collectEvidence(index, issue, resolver, eligible);
  const maxLex = norm(ev.lexical);
  const prior = index.docs.map((d) => kindPrior(d.kind, issue.aboutTests));
  // Tests are matched on the reporter's words alone: a runner's output pasted in the issue reads like the
  // tests of the runner's own reporting code, whatever the issue is about.
  const tested = testedScores(index.docs, lexicalScores(index, issue.saidTerms, eligible), (stem) =>
    resolver.withStem(stem),
  );
  const first = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    first[i] =
      (prior[i] ?? 0) *
      ((W.lexical * (ev.lexical[i] ?? 0)) / maxLex +
        W.tested * (tested.get(i) ?? 0) +
        W.mention * (ev.mention[i] ?? 0) +
        W.frame * (ev.frame[i] ?? 0) +
        W.definition * Math.min(1, ev.definition[i] ?? 0));
  }
  return { ev, resolver, prior, tested, first };
}

/**
 * The top of the first ranking re-scored with what reading the files adds: the import graph around the
 * files the issue points to, text quoted in the issue, and the folders of the best candidates. Returns
 * the final scores and, per file, the weaker signal that lifted it.
 */
export function rerank(
  pass: FirstPass,
  head: readonly number[],
  texts: DocTexts,
  issue: IssueSignals,
  index: LocalIndex,
): { final: Float64Array; weaker: Map<number, string> } {
  const { ev, resolver, prior, tested, first } = pass;
  const seed = head.map((d) => (ev.mention[d] ?? 0) + (ev.frame[d] ?? 0) + Math.min(1, ev.definition[d] ?? 0));
  // The graph's seeds are the files the issue points to (a path, a frame, a defined name) when it points to
  // any; otherwise the best word matches, and the reason must not claim a pointer the issue never gave.
  const pointed = seed.some((v) => v > 0);
  const graph = personalisedRank(
    index,
    head,
    (doc) => texts.definitions(doc),
    pointed ? seed : head.map((d) => first[d] ?? 0),
    ev.named,
    (doc) => importEdges(texts.pathOf(doc), texts.text(doc), resolver),
  );
  const maxGraph = norm(graph);
  const literalWords = [
    ...issue.settings,
    ...issue.commands.filter((c) => resolver.hasModule(c.program)).flatMap((c) => c.words),
  ];
  const literal = literalScores(issue.phrases, literalWords, head, (doc) => texts.text(doc));
  const folder = folderScores(index, head, first);
  const final = Float64Array.from(first);
  const weaker = new Map<number, string>();
  head.forEach((doc, i) => {
    const g = (graph[i] ?? 0) / maxGraph;
    const lit = literal[i] ?? 0;
    final[doc] = (first[doc] ?? 0) + (prior[doc] ?? 0) * (W.graph * g + W.literal * lit + W.folder * (folder[i] ?? 0));
    if (lit > 0) note(ev.reasons, doc, "contains text quoted in the issue");
    // A seed is not "used by" itself.
    const seeded = pointed ? (ev.mention[doc] ?? 0) > 0 : (ev.lexical[doc] ?? 0) > 0;
    if (g > 0.5 && !seeded) {
      note(
        ev.reasons,
        doc,
        pointed ? "graph: used by the files the issue points to" : "graph: used by the best word matches",
      );
    }
    const why = weakerReason(g, folder[i] ?? 0, tested.get(doc) ?? 0);
    if (why) weaker.set(doc, why);
  });
  return { final, weaker };
}

/** Why a file with no strong evidence of its own ranked: the strongest of the signals that only lend weight. */
function weakerReason(graph: number, folder: number, tested: number): string | undefined {
  const best = Math.max(W.graph * graph, W.folder * folder, W.tested * tested);
  if (best <= 0) return undefined;
  if (best === W.tested * tested) return "its tests read like the issue";
  if (best === W.graph * graph) return "graph: imports or is imported by the top candidates";
  return "folder: beside the top candidates";
}

/**
 * Per candidate: how much of the evidence on the other top candidates sits in its own folder, 0..1. A fix
 * usually lives next to the code the issue's words and pointers land on, even when the file itself says
 * little; a file's own score is left out, so that this only lends weight from its neighbours.
 */
function folderScores(index: LocalIndex, head: readonly number[], first: Float64Array): Float64Array {
  const top = head.slice(0, FOLDER_DEPTH);
  const dirOf = (doc: number) => {
    const path = index.docs[doc]?.path ?? "";
    return path.slice(0, Math.max(0, path.lastIndexOf("/")));
  };
  const mass = new Map<string, number>();
  let total = 0;
  for (const doc of top) {
    const s = first[doc] ?? 0;
    mass.set(dirOf(doc), (mass.get(dirOf(doc)) ?? 0) + s);
    total += s;
  }
  const out = new Float64Array(head.length);
  if (total <= 0) return out;
  head.forEach((doc, i) => {
    const own = top.includes(doc) ? (first[doc] ?? 0) : 0;
    out[i] = Math.max(0, (mass.get(dirOf(doc)) ?? 0) - own) / total;
  });
  return out;
}

export /**
 * The `limit` documents with the highest positive scores, best first (ties by id, so that the order is
 * stable). A numeric sort of the scores finds the cut-off; only the documents above it are sorted with a
 * comparator: a query matching most of 50,000 files does not pay for ordering them all.
 */
function rankOrder(scores: Float64Array, limit: number): number[] {
  let positive = 0;
  for (const v of scores) if (v > 0) positive++;
  let cut = 0;
  if (positive > limit) {
    const values = new Float64Array(positive);
    let j = 0;
    for (const v of scores) if (v > 0) values[j++] = v;
    values.sort();
    cut = values[positive - limit] ?? 0;
  }
  const idx: number[] = [];
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i] ?? 0;
    if (v > 0 && v >= cut) idx.push(i);
  }
  return idx.sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0) || a - b).slice(0, limit);
}

function note(reasons: Map<number, string[]>, doc: number, reason: string): void {
  const list = reasons.get(doc) ?? [];
  list.push(reason);
  reasons.set(doc, list);
}
