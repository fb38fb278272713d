import { silentLogger } from "../log/logger.ts";
import { ANALYZE_BUDGET, ANALYZE_TOP } from "./budget.ts";
import { buildIndex, FileReader } from "./index/build.ts";
import { filesHash, isCacheableCommit, latestOtherCommit, loadIndex, saveIndex } from "./index/cache.ts";
import { kindPrior } from "./index/classify.ts";
import { type Definition, extractDefinitions } from "./index/defs.ts";
import { type LocalIndex, postingsOf } from "./index/store.ts";
import { forEachTerm } from "./index/tokens.ts";
import { parseIssue } from "./issue/issue.ts";
import { countCl100k } from "./pack/count.ts";
import { type PackCandidate, packFiles, renderFile } from "./pack/pack.ts";
import { renderRepoMap } from "./pack/repomap.ts";
import type { LocalizeOptions, LocalizeResult, RankedFile } from "./port.ts";
import { importEdges } from "./rank/edges.ts";
import { personalisedRank } from "./rank/graph.ts";
import { literalScores } from "./rank/literal.ts";
import { PathResolver } from "./rank/resolve.ts";
import { collectEvidence, lexicalScores, queryWeight } from "./rank/signals.ts";
import { testedScores } from "./rank/tested.ts";

/** Files whose text is read to refine the ranking (graph, anchors); the rest keep their first score. */
const RERANK_DEPTH = 80;
/** Files tried when packing, in rank order. */
const PACK_DEPTH = 150;
/** Top candidates whose folders lend weight to their neighbours. */
const FOLDER_DEPTH = 10;

// Fusion weights. Explicit pointers (a path, a module, a traceback frame) are close to certain and outweigh
// wording; a mentioned name that only a few files define is nearly as strong; the lexical score orders the
// rest; the graph only shifts files the pointers depend on; the folder prior, weaker still, only lends
// neighbours of the top files some of their weight.
const W = { lexical: 1, mention: 1.2, frame: 1.5, definition: 0.8, graph: 0.4, literal: 0.6, folder: 0.3, tested: 0.3 };

export async function localize(opts: LocalizeOptions): Promise<LocalizeResult> {
  const logger = opts.logger ?? silentLogger();
  const budget = opts.budget ?? ANALYZE_BUDGET;
  const top = opts.top ?? ANALYZE_TOP;
  const count = opts.countTokens ?? countCl100k;
  const issue = parseIssue(opts.issue.title ?? "", opts.issue.body ?? "");
  const index = await loadOrBuild(opts, logger);
  const n = index.docs.length;
  const empty: LocalizeResult = { files: [], packed: [], budget, used: 0, repoMap: "" };
  if (n === 0 || issue.terms.size + issue.paths.length + issue.frames.length === 0) return empty;

  const eligible = new Uint8Array(n).fill(1);
  const resolver = new PathResolver(index);
  const ev = collectEvidence(index, issue, resolver, eligible);
  const norm = (a: Float64Array) => {
    let max = 0;
    for (const v of a) if (v > max) max = v;
    return max > 0 ? max : 1;
  };
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
  const order = rankOrder(first, Math.max(RERANK_DEPTH, PACK_DEPTH, top));

  const reader = new FileReader();
  const texts = new Map<number, string>();
  const defs = new Map<number, Definition[]>();
  const textOf = (doc: number): string => {
    let t = texts.get(doc);
    if (t === undefined) {
      t = reader.read(opts.root, index.docs[doc]?.path ?? "").text;
      texts.set(doc, t);
    }
    return t;
  };
  const defsOf = (doc: number): Definition[] => {
    let d = defs.get(doc);
    if (!d) {
      d = extractDefinitions(index.docs[doc]?.path ?? "", textOf(doc));
      defs.set(doc, d);
    }
    return d;
  };
  const head = order.slice(0, RERANK_DEPTH);
  const mentioned = new Set(ev.named.keys());
  const seed = head.map((d) => (ev.mention[d] ?? 0) + (ev.frame[d] ?? 0) + Math.min(1, ev.definition[d] ?? 0));
  const graph = personalisedRank(
    index,
    head,
    defsOf,
    seed.some((s) => s > 0) ? seed : head.map((d) => first[d] ?? 0),
    ev.named,
    (doc) => importEdges(index.docs[doc]?.path ?? "", textOf(doc), resolver),
  );
  const maxGraph = norm(graph);
  const literalWords = [
    ...issue.settings,
    ...issue.commands.filter((c) => resolver.hasModule(c.program)).flatMap((c) => c.words),
  ];
  const literal = literalScores(issue.phrases, literalWords, head, textOf);
  const folder = folderScores(index, head, first);
  const final = Float64Array.from(first);
  // The graph's seeds are the files the issue points to (a path, a frame, a defined name) when it points to
  // any; otherwise the best word matches, and the reason must not claim a pointer the issue never gave.
  const pointed = seed.some((v) => v > 0);
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
  const ranked = [...head.sort((a, b) => (final[b] ?? 0) - (final[a] ?? 0)), ...order.slice(RERANK_DEPTH)];
  const lexRank = new Map(rankOrder(ev.lexical, 50).map((d, i) => [d, i + 1]));

  const files: RankedFile[] = [];
  for (const doc of ranked.slice(0, top)) {
    const d = index.docs[doc];
    if (!d) continue;
    const reasons = [...(ev.reasons.get(doc) ?? [])];
    const lr = lexRank.get(doc);
    if (lr !== undefined && (ev.lexical[doc] ?? 0) > 0) reasons.push(`lexical rank ${lr}`);
    // Every row says why it is there, if only by the weaker signals that lifted it.
    if (reasons.length === 0)
      reasons.push(
        weaker.get(doc) ?? ((ev.lexical[doc] ?? 0) > 0 ? "some of the issue's words" : "no direct evidence"),
      );
    if (d.kind !== "source") reasons.push(`${d.kind} file`);
    files.push({
      path: d.path,
      score: round(final[doc] ?? 0),
      tokens: await count(renderFile(d.path, textOf(doc))),
      reasons,
    });
  }

  const keyTerms = distinctiveTerms(index, issue.terms);
  const reserved = (opts.reserveTokens ?? 0) + (await count(`${opts.issue.title}\n${opts.issue.body}`));
  const candidates: PackCandidate[] = ranked.slice(0, PACK_DEPTH).map((doc) => ({
    path: index.docs[doc]?.path ?? "",
    text: textOf(doc),
    anchors: () => anchorsFor(defsOf(doc), ev.lines.get(doc) ?? [], mentioned, textOf(doc), keyTerms, issue.phrases),
  }));
  const { packed, used } = await packFiles(
    candidates.filter((c) => c.text.length > 0),
    budget,
    reserved,
    count,
  );
  const repoMap = renderRepoMap(
    ranked.slice(0, top).map((doc) => ({ path: index.docs[doc]?.path ?? "", defs: defsOf(doc) })),
    mentioned,
  );
  logger.debug({ files: n, ranked: order.length, packed: packed.length, used }, "localized");
  return { files, packed, budget, used, repoMap };
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

function anchorsFor(
  defs: readonly Definition[],
  frameLines: readonly number[],
  mentioned: ReadonlySet<string>,
  text: string,
  keyTerms: ReadonlyMap<string, number>,
  phrases: readonly string[],
): { line: number; after: number }[] {
  const anchors = frameLines.map((line) => ({ line, after: 10 }));
  for (const d of defs) if (mentioned.has(d.name.toLowerCase())) anchors.push({ line: d.line, after: 40 });
  // Then the lines densest in the issue's rarest words, and any line holding a quoted phrase.
  const scored: { line: number; score: number }[] = [];
  text.split("\n").forEach((content, i) => {
    if (content.length > 400) return;
    let score = 0;
    forEachTerm(content, (t) => {
      score += keyTerms.get(t) ?? 0;
    });
    if (phrases.some((p) => content.includes(p))) score += 10;
    if (score > 0) scored.push({ line: i + 1, score });
  });
  scored.sort((a, b) => b.score - a.score);
  for (const { line } of scored.slice(0, 12)) anchors.push({ line, after: 4 });
  return anchors;
}

/** The issue's terms that are rare in the repository, with idf times query weight: what makes a line relevant. */
function distinctiveTerms(index: LocalIndex, terms: ReadonlyMap<string, number>): Map<string, number> {
  const n = index.docs.length;
  const scored: [string, number][] = [];
  for (const term of terms.keys()) {
    const df = postingsOf(index, "c", term).length / 2;
    if (df > 0 && df < n / 4) scored.push([term, Math.log(n / df) * queryWeight(terms.get(term) ?? 0)]);
  }
  return new Map(scored.sort((a, b) => b[1] - a[1]).slice(0, 40));
}

async function loadOrBuild(opts: LocalizeOptions, logger: NonNullable<LocalizeOptions["logger"]>): Promise<LocalIndex> {
  const hash = filesHash(opts.files);
  const cacheable = opts.cacheDir !== undefined && isCacheableCommit(opts.commit);
  if (!cacheable || !opts.cacheDir || !opts.commit)
    return (await buildIndex({ root: opts.root, files: opts.files, logger })).index;
  const hit = loadIndex(opts.cacheDir, opts.commit, logger);
  if (hit && hit.filesHash === hash) return hit.index;
  const keys = (await opts.listBlobs?.(opts.root, opts.commit, logger)) ?? new Map<string, string>();
  const baseCommit = hit ? opts.commit : latestOtherCommit(opts.cacheDir, opts.commit);
  const previous = hit?.index ?? (baseCommit ? loadIndex(opts.cacheDir, baseCommit, logger)?.index : undefined);
  const { index, reused, read } = await buildIndex({ root: opts.root, files: opts.files, keys, previous, logger });
  logger.debug({ commit: opts.commit, reused, read }, "index built");
  saveIndex(opts.cacheDir, opts.commit, index, hash, logger);
  return index;
}

/**
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

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
