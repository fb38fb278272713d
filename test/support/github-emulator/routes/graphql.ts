import { type DocumentNode, GraphQLError, parse } from "graphql";
import { nodeId } from "../objects/users.ts";
import type { Reply, Route, RouteContext } from "../router.ts";
import { tokenAllows, tokenReaches } from "../store.ts";
import { answerQuery } from "./graphql-query.ts";

const MUTATIONS: Record<string, boolean> = { convertPullRequestToDraft: true, markPullRequestReadyForReview: false };

const refuse = (message: string): Reply => ({ status: 200, body: { errors: [{ message }] } });

/**
 * Just what booty needs of GraphQL: the two mutations REST lacks (draft ⇄ ready for review) and the
 * review threads' resolved and outdated state (graphql-query.ts). Anything else gets GitHub's GraphQL
 * error, so a client that starts relying on more GraphQL notices at once.
 */
export const graphqlRoute: Route = {
  method: "POST",
  path: "/graphql",
  auth: "token",
  handle: (ctx) => {
    if (typeof ctx.body.query !== "string") return refuse("A query attribute must be specified and must be a string.");
    let document: DocumentNode;
    try {
      document = parse(ctx.body.query);
    } catch (error) {
      if (error instanceof GraphQLError) return { status: 200, body: { errors: [error.toJSON()] } };
      throw error;
    }
    const operations = document.definitions.filter((d) => d.kind === "OperationDefinition");
    if (operations.length !== 1) return refuse("emulator: send exactly one operation");
    return operations[0]?.operation === "mutation" ? mutate(ctx, ctx.body.query) : answerQuery(ctx, document);
  },
};

function mutate(ctx: RouteContext, query: string): Reply {
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
}
