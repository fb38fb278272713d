import { describeError } from "../errors/index.ts";
import type { CheckReport, Forge, RepoRef } from "../forge/index.ts";
import type { Logger } from "../log/logger.ts";
import type { FailingTest, ProgressObserver } from "../pipeline/progress.ts";
import { verificationSummary } from "../pipeline/publish/verification-summary.ts";
import type { RunReport } from "../pipeline/types.ts";
import { withoutHostPaths } from "../security/public-text.ts";
import { oneLine } from "../text/clip.ts";

/** GitHub takes at most 50 annotations per check run update. */
const MAX_ANNOTATIONS = 50;

/**
 * The verdict on a commit booty pushed: success only when verified; neutral when the tests never ran (no
 * test command, or they cannot run here), failure when they ran and still fail.
 */
export function checkOf(report: RunReport, sha: string, failing: FailingTest[], detailsUrl?: string): CheckReport {
  const v = report.verification;
  const rounds = v?.rounds ?? [];
  const verified = report.verified === true;
  const state = verified ? "success" : rounds.length === 0 ? "neutral" : "failure";
  const last = rounds.at(-1);
  const title = verified
    ? `verified: the tests pass (round ${last?.round ?? 1})`
    : rounds.length === 0
      ? "not verified: the tests did not run"
      : `not verified: ${last?.failures.length ?? 0} test(s) still fail after ${rounds.length} round(s)`;
  const summary = v
    ? verificationSummary({ ...v, verified })
    : "booty did not verify this change (no verification ran).";
  const annotations = state === "failure" ? annotationsOf(failing) : [];
  return {
    sha,
    state,
    title,
    summary,
    ...(annotations.length > 0 ? { annotations } : {}),
    ...(detailsUrl ? { detailsUrl } : {}),
  };
}

function annotationsOf(failing: FailingTest[]): NonNullable<CheckReport["annotations"]> {
  return failing
    .filter((f): f is FailingTest & { path: string; line: number } => f.path !== undefined && f.line !== undefined)
    .slice(0, MAX_ANNOTATIONS)
    .map((f) => ({
      path: f.path,
      line: f.line,
      title: oneLine(f.id, 200),
      message: oneLine(withoutHostPaths(f.message || "failing test"), 1000),
    }));
}

export interface CheckTracker {
  observe: ProgressObserver;
  /**
   * Reports the verdict on the pushed commit, when the run published one, and notes it on the report; a
   * pending check left on an earlier head is closed, neutral, saying what became of the run.
   */
  finish(report: RunReport): Promise<void>;
}

/**
 * booty's check on the commit it pushed (a check run with App auth, a commit status with a token). A
 * pending check goes up on `head` when the tests start, if the pull request's head is known (a follow-up
 * on a pull request); an issue's first commit is only known once pushed. Best effort: logged, never
 * failing the job.
 */
export function checkTracker(o: {
  forge: Forge;
  ref: RepoRef;
  logger: Logger;
  detailsUrl?: string | undefined;
  head?: string | null | undefined;
}): CheckTracker {
  let failing: FailingTest[] = [];
  let pending: Promise<unknown> | null = null;
  const report = (check: CheckReport) =>
    o.forge.reportCheck(o.ref, check).catch((error: unknown) => {
      o.logger.warn({ err: describeError(error), state: check.state }, "could not report booty's check");
      return null;
    });
  const details = o.detailsUrl ? { detailsUrl: o.detailsUrl } : {};
  return {
    observe(event) {
      if (event.step === "tested") failing = event.failing;
      if (event.step === "testing" && event.round === 1 && o.head && !pending) {
        const summary = "booty is running the repository's tests on its change.";
        pending = report({ sha: o.head, state: "pending", title: "running the tests", summary, ...details });
      }
    },
    async finish(run) {
      await pending;
      const sha = run.published ? run.commit : null;
      if (sha) {
        const check = checkOf(run, sha, failing, o.detailsUrl);
        const done = await report(check);
        if (done) run.check = { url: done.url, state: check.state };
      }
      if (pending && o.head && o.head !== sha) {
        const title = sha ? `superseded by ${sha.slice(0, 7)}` : "booty pushed no change";
        const summary = sha
          ? `booty pushed ${sha}; its check is on that commit.`
          : `The run ended without a commit: ${oneLine(withoutHostPaths(run.error?.message ?? "see the job"), 500)}`;
        await report({ sha: o.head, state: "neutral", title, summary, ...details });
      }
    },
  };
}
