import { silentLogger } from "../log/logger.ts";
import { ANALYZE_BUDGET, ANALYZE_TOP } from "./budget.ts";
import { DocTexts } from "./index/doc-texts.ts";
import { loadOrBuild } from "./index/load-or-build.ts";
import type { LocalIndex } from "./index/store.ts";
import { type IssueSignals, parseIssue } from "./issue/issue.ts";
import { anchorsFor, distinctiveTerms } from "./pack/anchors.ts";
import { type CountTokens, countCl100k } from "./pack/count.ts";
import { type PackCandidate, packFiles, renderFile } from "./pack/pack.ts";
import { renderRepoMap } from "./pack/repomap.ts";
import type { LocalizeOptions, LocalizeResult, RankedFile } from "./port.ts";
import { type FirstPass, firstPass, RERANK_DEPTH, rankOrder, rerank } from "./rank/fuse.ts";

/** Files tried when packing, in rank order. */
const PACK_DEPTH = 150;

/**
 * Ranks the repository's files for an issue without a model call, and packs the best into a token budget:
 * the issue is read (issue/), the index loaded or built (index/), the files ranked from the index alone,
 * the top re-ranked with what their text adds (rank/), and packed whole or by regions (pack/).
 */
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

  const pass = firstPass(index, issue);
  const order = rankOrder(pass.first, Math.max(RERANK_DEPTH, PACK_DEPTH, top));
  const texts = new DocTexts(opts.root, index);
  const head = order.slice(0, RERANK_DEPTH);
  const { final, weaker } = rerank(pass, head, texts, issue, index);
  const ranked = [...head.sort((a, b) => (final[b] ?? 0) - (final[a] ?? 0)), ...order.slice(RERANK_DEPTH)];
  const files = await rankedFiles(ranked.slice(0, top), { index, pass, final, weaker, texts, count });
  const reserved = (opts.reserveTokens ?? 0) + (await count(`${opts.issue.title}\n${opts.issue.body}`));
  const candidates = packCandidates(ranked.slice(0, PACK_DEPTH), { index, pass, texts, issue });
  const { packed, used } = await packFiles(candidates, budget, reserved, count);
  const mentioned = new Set(pass.ev.named.keys());
  const repoMap = renderRepoMap(
    ranked.slice(0, top).map((doc) => ({ path: texts.pathOf(doc), defs: texts.definitions(doc) })),
    mentioned,
  );
  logger.debug({ files: n, ranked: order.length, packed: packed.length, used }, "localized");
  return { files, packed, budget, used, repoMap };
}

/** The listed files, each with its score, its size in tokens and every reason it ranked. */
async function rankedFiles(
  docs: readonly number[],
  ctx: {
    index: LocalIndex;
    pass: FirstPass;
    final: Float64Array;
    weaker: ReadonlyMap<number, string>;
    texts: DocTexts;
    count: CountTokens;
  },
): Promise<RankedFile[]> {
  const { ev } = ctx.pass;
  const lexRank = new Map(rankOrder(ev.lexical, 50).map((d, i) => [d, i + 1]));
  const files: RankedFile[] = [];
  for (const doc of docs) {
    const d = ctx.index.docs[doc];
    if (!d) continue;
    const reasons = [...(ev.reasons.get(doc) ?? [])];
    const lr = lexRank.get(doc);
    if (lr !== undefined && (ev.lexical[doc] ?? 0) > 0) reasons.push(`lexical rank ${lr}`);
    // Every row says why it is there, if only by the weaker signals that lifted it.
    if (reasons.length === 0)
      reasons.push(
        ctx.weaker.get(doc) ?? ((ev.lexical[doc] ?? 0) > 0 ? "some of the issue's words" : "no direct evidence"),
      );
    if (d.kind !== "source") reasons.push(`${d.kind} file`);
    files.push({
      path: d.path,
      score: round(ctx.final[doc] ?? 0),
      tokens: await ctx.count(renderFile(d.path, ctx.texts.text(doc))),
      reasons,
    });
  }
  return files;
}

function packCandidates(
  docs: readonly number[],
  ctx: { index: LocalIndex; pass: FirstPass; texts: DocTexts; issue: IssueSignals },
): PackCandidate[] {
  const { ev } = ctx.pass;
  const mentioned = new Set(ev.named.keys());
  const keyTerms = distinctiveTerms(ctx.index, ctx.issue.terms);
  const text = (doc: number) => ctx.texts.text(doc);
  return docs
    .map((doc) => ({
      path: ctx.texts.pathOf(doc),
      text: text(doc),
      anchors: () =>
        anchorsFor(
          ctx.texts.definitions(doc),
          ev.lines.get(doc) ?? [],
          mentioned,
          text(doc),
          keyTerms,
          ctx.issue.phrases,
        ),
    }))
    .filter((c) => c.text.length > 0);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
