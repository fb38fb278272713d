import { nodeId } from "../objects/users.ts";
import type { Route } from "../router.ts";
import { tokenAllows, tokenReaches } from "../store.ts";

const MUTATIONS: Record<string, boolean> = { convertPullRequestToDraft: true, markPullRequestReadyForReview: false };

/**
 * Just the two GraphQL mutations REST lacks (draft ⇄ ready for review); any other query gets a GraphQL
 * error, so a client that starts relying on more GraphQL notices at once.
 */
export const graphqlRoute: Route = {
  method: "POST",
  path: "/graphql",
  auth: "token",
  handle: (ctx) => {
    const query = typeof ctx.body.query === "string" ? ctx.body.query : "";
    const variables = (ctx.body.variables ?? {}) as Record<string, unknown>;
    const name = Object.keys(MUTATIONS).find((mutation) => new RegExp(`\\b${mutation}\\s*\\(`).test(query));
    if (!name) return { status: 200, body: { errors: [{ message: "emulator: unsupported GraphQL operation" }] } };
    const id = variables.id ?? /pullRequestId:\s*"([^"]+)"/.exec(query)?.[1];
    for (const repo of ctx.store.repos.values()) {
      for (const issue of repo.issues.values()) {
        if (!issue.pull || nodeId("PullRequest", issue.pull.id) !== id) continue;
        if (!ctx.token || !tokenReaches(ctx.token, repo) || !tokenAllows(ctx.token, "pull_requests:write")) {
          return {
            status: 200,
            body: { errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }] },
          };
        }
        issue.pull.draft = MUTATIONS[name] ?? issue.pull.draft;
        issue.updatedAt = ctx.store.stamp();
        return { status: 200, body: { data: { [name]: { pullRequest: { isDraft: issue.pull.draft } } } } };
      }
    }
    return {
      status: 200,
      body: {
        errors: [{ type: "NOT_FOUND", message: `Could not resolve to a node with the global id of '${String(id)}'` }],
      },
    };
  },
};
