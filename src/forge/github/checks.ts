import type { CheckReport, RepoRef } from "../port.ts";
import { forgeCall } from "./errors.ts";
import { authHeaders, type ReviewContext } from "./review-context.ts";

/** The name of booty's check run and the context of its commit status. */
export const CHECK_NAME = "booty";
/** GitHub takes at most 50 annotations per create or update; more go in further updates, which add to them. */
const ANNOTATIONS_PER_REQUEST = 50;
/** GitHub's limits: 65,535 characters for a check run's summary, 140 for a status description. */
const SUMMARY_MAX = 65_535;
const DESCRIPTION_MAX = 140;

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** A check run (App auth) or, since only Apps may write check runs, a commit status (token auth). */
export function reportCheck(ctx: ReviewContext, ref: RepoRef, report: CheckReport): Promise<{ url: string | null }> {
  return ctx.auth.kind === "app" ? checkRun(ctx, ref, report) : commitStatus(ctx, ref, report);
}

function batches(report: CheckReport) {
  const level = report.state === "failure" ? "failure" : "warning";
  const all = (report.annotations ?? []).map((annotation) => ({
    path: annotation.path,
    start_line: annotation.line,
    end_line: annotation.line,
    annotation_level: level as "failure" | "warning",
    message: annotation.message,
    ...(annotation.title ? { title: annotation.title } : {}),
  }));
  const out: (typeof all)[] = [];
  for (let i = 0; i < all.length; i += ANNOTATIONS_PER_REQUEST) out.push(all.slice(i, i + ANNOTATIONS_PER_REQUEST));
  return out.length > 0 ? out : [[]];
}

/** booty's latest run on the commit, if this App made one. */
async function latestRun(ctx: ReviewContext, ref: RepoRef, sha: string, headers: { authorization: string }) {
  const slug = (await ctx.credentials.login(ref)).replace(/\[bot\]$/, "");
  const { data } = await forgeCall("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", ref, () =>
    ctx.client.rest.checks.listForRef({
      owner: ref.owner,
      repo: ref.repo,
      ref: sha,
      check_name: CHECK_NAME,
      filter: "latest",
      headers,
    }),
  );
  return data.check_runs.find((run) => run.app?.slug === slug);
}

/**
 * Updates booty's run on the commit in place when that keeps it truthful, so a repeated report leaves
 * one run. A new run is created instead when the last one already finished and this report reopens it,
 * or when it already carries annotations (GitHub only ever adds annotations, so they would double up).
 */
async function checkRun(ctx: ReviewContext, ref: RepoRef, report: CheckReport): Promise<{ url: string | null }> {
  const headers = await authHeaders(ctx, ref);
  const existing = await latestRun(ctx, ref, report.sha, headers);
  const [first = [], ...rest] = batches(report);
  const done = report.state !== "pending";
  const output = (annotations: typeof first) => ({
    title: report.title,
    summary: clip(report.summary, SUMMARY_MAX),
    annotations,
  });
  const fields = {
    owner: ref.owner,
    repo: ref.repo,
    ...(report.state === "pending"
      ? { status: "in_progress" as const }
      : { status: "completed" as const, conclusion: report.state }),
    ...(report.detailsUrl ? { details_url: report.detailsUrl } : {}),
    output: output(first),
    headers,
  };
  const reopens = existing?.status === "completed" && !done;
  const doubles = (existing?.output.annotations_count ?? 0) > 0 && first.length > 0;
  const run =
    existing && !reopens && !doubles
      ? await forgeCall("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", ref, () =>
          ctx.client.rest.checks.update({ ...fields, check_run_id: Number(existing.id) }),
        )
      : await forgeCall("POST /repos/{owner}/{repo}/check-runs", ref, () =>
          ctx.client.rest.checks.create({ ...fields, name: CHECK_NAME, head_sha: report.sha }),
        );
  for (const batch of rest) {
    await forgeCall("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", ref, () =>
      ctx.client.rest.checks.update({
        owner: ref.owner,
        repo: ref.repo,
        check_run_id: Number(run.data.id),
        output: output(batch),
        headers,
      }),
    );
  }
  return { url: run.data.html_url ?? null };
}

/**
 * Commit statuses know no neutral. A change whose tests never ran must not read as verified (success),
 * nor as tests that fail (failure): `error` says the check could not reach a verdict.
 */
const STATUS_STATE = { pending: "pending", success: "success", failure: "failure", neutral: "error" } as const;

async function commitStatus(ctx: ReviewContext, ref: RepoRef, report: CheckReport): Promise<{ url: string | null }> {
  const headers = await authHeaders(ctx, ref);
  await forgeCall("POST /repos/{owner}/{repo}/statuses/{sha}", ref, () =>
    ctx.client.rest.repos.createCommitStatus({
      owner: ref.owner,
      repo: ref.repo,
      sha: report.sha,
      state: STATUS_STATE[report.state],
      context: CHECK_NAME,
      description: clip(report.title, DESCRIPTION_MAX),
      ...(report.detailsUrl ? { target_url: report.detailsUrl } : {}),
      headers,
    }),
  );
  // A status has no page of its own: its link is where it points.
  return { url: report.detailsUrl ?? null };
}
