import { describeError } from "../../errors/index.ts";
import type { Forge, RepoRef } from "../../forge/index.ts";
import type { Logger } from "../../log/logger.ts";
import type { Pushed, PushOptions } from "../../workspace/push.ts";
import type { Workspace } from "../../workspace/workspace.ts";
import type { Publisher } from "../deps.ts";

export interface ForgePublisherOptions {
  forge: Forge;
  ref: RepoRef;
  issue: { number: number; title: string };
  baseBranch: string;
  /** Always on the pull request, beside the ones the run proposes (e.g. `self-modification`). */
  labels: string[];
  logger: Logger;
  pushBranch(ws: Workspace, opts: PushOptions): Promise<Pushed>;
  deletePushedBranch(ws: Workspace, pushed: Pushed, opts: PushOptions): Promise<void>;
}

/**
 * Pushes the run's branch and opens or updates its pull request. A pull request that cannot be made
 * takes its freshly pushed branch back: a branch without its pull request is clutter nobody asked for.
 */
export function createForgePublisher(opts: ForgePublisherOptions): Publisher {
  const { forge, ref } = opts;
  return {
    async publish({ workspace, report }) {
      // Fresh credentials: an App installation token may have aged during a long run.
      const [push, self] = await Promise.all([forge.gitAuth(ref), forge.commitIdentity(ref)]);
      const remote = { remoteUrl: push.cloneUrl, token: push.token, forceWithLease: true, ownEmail: self.email };
      const pushed = await opts.pushBranch(workspace, remote);
      const proposal = report.pullRequest;
      try {
        return await forge.ensurePullRequest(ref, {
          head: workspace.branch,
          base: opts.baseBranch,
          title: proposal?.title ?? opts.issue.title,
          body: proposal?.body ?? `Closes #${opts.issue.number}`,
          draft: proposal?.draft ?? report.verified !== true,
          labels: [...new Set([...opts.labels, ...(proposal?.labels ?? [])])],
        });
      } catch (error) {
        await opts
          .deletePushedBranch(workspace, pushed, remote)
          .catch((e: unknown) =>
            opts.logger.error({ err: describeError(e) }, "could not delete the branch pushed for the pull request"),
          );
        throw error;
      }
    },
  };
}
