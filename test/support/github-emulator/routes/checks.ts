import { resolveCommit } from "../git-diff.ts";
import { checkRunObject, combinedStatusObject, statusObject } from "../objects/checks.ts";
import {
  errorReply,
  notFound,
  paginate,
  type Reply,
  type Route,
  type RouteContext,
  stringField,
  validationFailed,
} from "../router.ts";
import type { AnnotationState, CheckRunState, RepoState, StatusState } from "../types.ts";
import { created, ok, repoRoute } from "./helpers.ts";

/** GitHub takes at most this many annotations per create or update request; more are sent in further updates. */
export const MAX_ANNOTATIONS = 50;
const LEVELS = ["notice", "warning", "failure"];
const STATUS_STATES = ["error", "failure", "pending", "success"];
const CONCLUSIONS = ["action_required", "cancelled", "failure", "neutral", "success", "skipped", "stale", "timed_out"];

const invalid = (field: string, code = "invalid") => validationFailed([{ resource: "CheckRun", field, code }]);

function annotationsOf(raw: unknown): AnnotationState[] | Reply {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return invalid("output.annotations");
  if (raw.length > MAX_ANNOTATIONS) {
    return errorReply(422, `Only ${MAX_ANNOTATIONS} annotations are allowed per request`);
  }
  const annotations: AnnotationState[] = [];
  for (const item of raw as Record<string, unknown>[]) {
    const { path, start_line: start, end_line: end, annotation_level: level, message, title } = item ?? {};
    if (typeof path !== "string" || typeof start !== "number" || typeof end !== "number") return invalid("annotations");
    if (typeof level !== "string" || !LEVELS.includes(level) || typeof message !== "string")
      return invalid("annotations");
    annotations.push({
      path,
      startLine: start,
      endLine: end,
      level,
      message,
      title: typeof title === "string" ? title : null,
    });
  }
  return annotations;
}

/** Applies a create or update body to `run`; returns GitHub's refusal when the body is invalid. */
function apply(ctx: RouteContext, run: CheckRunState): Reply | undefined {
  const body = ctx.body;
  const output = body.output as Record<string, unknown> | undefined;
  let annotations: AnnotationState[] = [];
  if (output !== undefined) {
    if (typeof output.title !== "string") return invalid("output.title", "missing_field");
    if (typeof output.summary !== "string") return invalid("output.summary", "missing_field");
    const parsed = annotationsOf(output.annotations);
    if (!Array.isArray(parsed)) return parsed;
    annotations = parsed;
  }
  const status = stringField(body, "status");
  const conclusion = stringField(body, "conclusion");
  if (status !== undefined && !["queued", "in_progress", "completed"].includes(status)) return invalid("status");
  if (conclusion !== undefined && !CONCLUSIONS.includes(conclusion)) return invalid("conclusion");
  if (status === "completed" && conclusion === undefined && run.conclusion === null)
    return invalid("conclusion", "missing_field");
  if (output) {
    run.title = output.title as string;
    run.summary = output.summary as string;
    run.text = typeof output.text === "string" ? output.text : run.text;
    // As on GitHub, annotations accumulate over updates; they are never replaced.
    run.annotations.push(...annotations);
  }
  if (status !== undefined) run.status = status as CheckRunState["status"];
  if (conclusion !== undefined) {
    run.conclusion = conclusion;
    run.status = "completed";
    run.completedAt = stringField(body, "completed_at") ?? ctx.store.stamp();
  }
  const details = stringField(body, "details_url");
  if (details !== undefined) run.detailsUrl = details;
  const external = stringField(body, "external_id");
  if (external !== undefined) run.externalId = external;
  return undefined;
}

/** Only an App writes check runs; a personal token is refused even with full access, as on GitHub. */
const notAnApp = (ctx: RouteContext) =>
  ctx.token?.installationId === undefined ? errorReply(403, "You must authenticate via a GitHub App.") : undefined;

function runView(ctx: RouteContext, repo: RepoState, run: CheckRunState) {
  return checkRunObject(ctx.base, repo, ctx.store.app, run);
}

/** Check runs on a ref; by default (`filter=latest`) only the newest run of each name. */
async function runsFor(ctx: RouteContext, repo: RepoState): Promise<Reply> {
  const sha = await resolveCommit(repo.dir, ctx.params.ref ?? "");
  if (!sha) return errorReply(422, `No commit found for SHA: ${ctx.params.ref}`);
  const name = ctx.query.get("check_name");
  let runs = repo.checkRuns.filter((run) => run.headSha === sha && (!name || run.name === name));
  if (ctx.query.get("filter") !== "all") {
    runs = runs.filter((run) => !runs.some((other) => other.name === run.name && other.id > run.id));
  }
  runs.sort((a, b) => b.id - a.id);
  const page = paginate(runs, ctx, `/repos/${repo.owner.login}/${repo.name}/commits/${ctx.params.ref}/check-runs`);
  return { ...page, body: { total_count: runs.length, check_runs: page.body.map((run) => runView(ctx, repo, run)) } };
}

const RUNS = "/repos/{owner}/{repo}/check-runs";

export const checkRoutes: Route[] = [
  repoRoute("POST", RUNS, "checks:write", async (ctx, repo) => {
    const forbidden = notAnApp(ctx);
    if (forbidden) return forbidden;
    const name = stringField(ctx.body, "name");
    const headSha = stringField(ctx.body, "head_sha");
    if (!name) return invalid("name", "missing_field");
    if (!headSha) return invalid("head_sha", "missing_field");
    const sha = await resolveCommit(repo.dir, headSha);
    if (!sha || sha !== headSha) return errorReply(422, `No commit found for SHA: ${headSha}`);
    const run: CheckRunState = {
      id: ctx.store.nextId(),
      headSha: sha,
      name,
      status: "queued",
      conclusion: null,
      startedAt: stringField(ctx.body, "started_at") ?? ctx.store.stamp(),
      completedAt: null,
      detailsUrl: null,
      externalId: null,
      title: null,
      summary: null,
      text: null,
      annotations: [],
      installationId: ctx.token?.installationId ?? 0,
    };
    const problem = apply(ctx, run);
    if (problem) return problem;
    repo.checkRuns.push(run);
    return created(runView(ctx, repo, run));
  }),
  repoRoute("GET", `${RUNS}/{check_run_id}`, "checks:read", (ctx, repo) => {
    const run = repo.checkRuns.find((candidate) => candidate.id === Number(ctx.params.check_run_id));
    return run ? ok(runView(ctx, repo, run)) : notFound();
  }),
  repoRoute("PATCH", `${RUNS}/{check_run_id}`, "checks:write", (ctx, repo) => {
    const forbidden = notAnApp(ctx);
    if (forbidden) return forbidden;
    const run = repo.checkRuns.find((candidate) => candidate.id === Number(ctx.params.check_run_id));
    if (!run) return notFound();
    const problem = apply(ctx, run);
    return problem ?? ok(runView(ctx, repo, run));
  }),
  repoRoute("GET", "/repos/{owner}/{repo}/commits/{ref}/check-runs", "checks:read", runsFor),
  repoRoute("POST", "/repos/{owner}/{repo}/statuses/{sha}", "statuses:write", async (ctx, repo) => {
    const state = stringField(ctx.body, "state");
    if (!state || !STATUS_STATES.includes(state)) {
      return validationFailed([{ resource: "Status", field: "state", code: state ? "invalid" : "missing_field" }]);
    }
    const sha = await resolveCommit(repo.dir, ctx.params.sha ?? "");
    if (!sha || sha !== ctx.params.sha) return errorReply(422, `No commit found for SHA: ${ctx.params.sha}`);
    const now = ctx.store.stamp();
    const status: StatusState = {
      id: ctx.store.nextId(),
      sha,
      state: state as StatusState["state"],
      description: stringField(ctx.body, "description") ?? null,
      targetUrl: stringField(ctx.body, "target_url") ?? null,
      context: stringField(ctx.body, "context") ?? "default",
      creator: ctx.token?.user ?? ctx.store.user("ghost"),
      createdAt: now,
      updatedAt: now,
    };
    if ((status.description?.length ?? 0) > 140) {
      return validationFailed([
        {
          resource: "Status",
          field: "description",
          code: "custom",
          message: "description is too long (maximum is 140 characters)",
        },
      ]);
    }
    repo.statuses.push(status);
    return created(statusObject(ctx.base, repo, status));
  }),
  repoRoute("GET", "/repos/{owner}/{repo}/commits/{ref}/status", "statuses:read", async (ctx, repo) => {
    const sha = await resolveCommit(repo.dir, ctx.params.ref ?? "");
    if (!sha) return notFound();
    const statuses = repo.statuses.filter((status) => status.sha === sha);
    return ok(combinedStatusObject(ctx.base, repo, sha, statuses));
  }),
];
