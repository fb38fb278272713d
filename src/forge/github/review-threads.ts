import { describeError } from "../../errors/index.ts";
import type { RepoRef, ReviewThreadState } from "../port.ts";
import { forgeCall } from "./errors.ts";
import { authHeaders, type ReviewContext } from "./review-context.ts";

/** A hard stop (10,000 threads), as for REST lists, so a list that never ends cannot hold a job forever. */
const MAX_PAGES = 100;

/** REST has no resolved state; GraphQL's review threads do. The first comment ties a thread to REST's ids. */
export const REVIEW_THREADS_QUERY = `query($owner: String!, $name: String!, $number: Int!, $after: String) {
  repository(owner: $owner, name: $name) {
    pullRequest(number: $number) {
      reviewThreads(first: 100, after: $after) {
        nodes { isResolved isOutdated comments(first: 1) { nodes { databaseId } } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;

interface ThreadsPage {
  repository: {
    pullRequest: {
      reviewThreads: {
        nodes: Array<{
          isResolved: boolean;
          isOutdated: boolean;
          comments: { nodes: Array<{ databaseId: number | null } | null> | null };
        } | null> | null;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
    } | null;
  } | null;
}

async function readAll(ctx: ReviewContext, ref: RepoRef, pull: number): Promise<ReviewThreadState[]> {
  const headers = await authHeaders(ctx, ref);
  const states: ReviewThreadState[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const vars = { owner: ref.owner, name: ref.repo, number: pull, after };
    const data: ThreadsPage = await forgeCall("GraphQL pullRequest.reviewThreads", ref, () =>
      ctx.client.graphql<ThreadsPage>(REVIEW_THREADS_QUERY, { ...vars, headers }),
    );
    const threads = data.repository?.pullRequest?.reviewThreads;
    if (!threads) throw new Error(`no pull request #${pull} in the GraphQL answer`);
    for (const node of threads.nodes ?? []) {
      const root = node?.comments.nodes?.[0]?.databaseId;
      // A thread whose first comment was deleted has nothing REST could tie it to.
      if (node && typeof root === "number") {
        states.push({ rootCommentId: root, resolved: node.isResolved, outdated: node.isOutdated });
      }
    }
    if (!threads.pageInfo.hasNextPage || !threads.pageInfo.endCursor) break;
    after = threads.pageInfo.endCursor;
  }
  return states;
}

/**
 * Each review thread's resolved and outdated state. It only refines what REST says, so a forge without
 * GraphQL (or a failing call) leaves it unknown, with a warning, rather than failing the job.
 */
export async function listReviewThreadStates(
  ctx: ReviewContext,
  ref: RepoRef,
  pull: number,
): Promise<ReviewThreadState[] | null> {
  try {
    return await readAll(ctx, ref, pull);
  } catch (error) {
    ctx.logger.warn(
      { repo: `${ref.owner}/${ref.repo}`, pullRequest: pull, error: describeError(error) },
      "could not read which review threads are resolved; taking every thread as open",
    );
    return null;
  }
}
