import { buildSchema, type DocumentNode, execute, GraphQLError, validate } from "graphql";
import { isOutdated, tipsOf } from "../conversation.ts";
import type { Reply, RouteContext } from "../router.ts";
import { tokenAllows, tokenReaches } from "../store.ts";
import type { RepoState, ReviewCommentState } from "../types.ts";
import type { PullIssue } from "./helpers.ts";

/**
 * The slice of GitHub's GraphQL schema booty reads: a pull request's review threads, resolved and
 * outdated, each tied to REST by its first comment's databaseId. Any other field fails validation the
 * way GitHub answers it, so a client that starts relying on more notices at once.
 */
const schema = buildSchema(`
  type Query { repository(owner: String!, name: String!): Repository }
  type Repository { pullRequest(number: Int!): PullRequest }
  type PullRequest { reviewThreads(first: Int, after: String): PullRequestReviewThreadConnection! }
  type PullRequestReviewThreadConnection { nodes: [PullRequestReviewThread], pageInfo: PageInfo! }
  type PullRequestReviewThread {
    isResolved: Boolean!
    isOutdated: Boolean!
    comments(first: Int, after: String): PullRequestReviewCommentConnection!
  }
  type PullRequestReviewCommentConnection { nodes: [PullRequestReviewComment], pageInfo: PageInfo! }
  type PullRequestReviewComment { databaseId: Int }
  type PageInfo { hasNextPage: Boolean!, endCursor: String }
`);

/** GitHub puts its error kind (NOT_FOUND, FORBIDDEN) beside the message, not under `extensions`. */
function failure(type: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type } });
}

const cursor = (index: number) => Buffer.from(`cursor:v2:${index}`).toString("base64");
const fromCursor = (after: string) => Number(/^cursor:v2:(\d+)$/.exec(Buffer.from(after, "base64").toString())?.[1]);

/** A connection page the way GitHub pages: `first` is required and at most 100; `after` an opaque cursor. */
function page<T>(items: readonly T[], args: { first?: number | null; after?: string | null }, name: string) {
  if (args.first == null) {
    throw new GraphQLError(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.`,
    );
  }
  if (args.first < 0 || args.first > 100) {
    throw new GraphQLError(
      `Requesting ${args.first} records on the \`${name}\` connection exceeds the \`first\` limit of 100 records.`,
    );
  }
  const start = args.after == null ? 0 : fromCursor(args.after) + 1;
  if (!Number.isSafeInteger(start)) throw new GraphQLError(`\`${args.after}\` does not appear to be a valid cursor.`);
  const nodes = items.slice(start, start + args.first);
  const end = start + nodes.length - 1;
  return { nodes, pageInfo: { hasNextPage: end + 1 < items.length, endCursor: nodes.length > 0 ? cursor(end) : null } };
}

type Tips = ReturnType<typeof tipsOf>;

function threadObject(repo: RepoState, tips: Tips, root: ReviewCommentState) {
  const comments = repo.reviewComments.filter((c) => c.id === root.id || c.inReplyTo === root.id);
  return {
    isResolved: repo.resolvedThreads.has(root.id),
    isOutdated: () => isOutdated(repo, tips, root),
    comments: (args: { first?: number; after?: string }) =>
      page(
        comments.map((c) => ({ databaseId: c.id })),
        args,
        "comments",
      ),
  };
}

function pullRequestObject(ctx: RouteContext, repo: RepoState, issue: PullIssue) {
  return {
    reviewThreads: (args: { first?: number; after?: string }) => {
      if (!ctx.token || !tokenAllows(ctx.token, "pull_requests:read")) {
        throw failure("FORBIDDEN", "Resource not accessible by integration");
      }
      const roots = repo.reviewComments.filter((c) => c.pull === issue.number && c.inReplyTo === undefined);
      // Read once per query: every thread is compared with the same tips.
      const tips = tipsOf(repo, issue);
      return page(
        roots.map((root) => threadObject(repo, tips, root)),
        args,
        "reviewThreads",
      );
    },
  };
}

function rootValue(ctx: RouteContext) {
  return {
    repository: ({ owner, name }: { owner: string; name: string }) => {
      const repo = ctx.store.repo(owner, name);
      if (!repo || !ctx.token || !tokenReaches(ctx.token, repo)) {
        throw failure("NOT_FOUND", `Could not resolve to a Repository with the name '${owner}/${name}'.`);
      }
      return {
        pullRequest: ({ number }: { number: number }) => {
          const issue = repo.issues.get(number);
          if (!issue?.pull)
            throw failure("NOT_FOUND", `Could not resolve to a PullRequest with the number of ${number}.`);
          return pullRequestObject(ctx, repo, issue as PullIssue);
        },
      };
    },
  };
}

/** GitHub's wording and shape for errors: `Field 'x' doesn't exist on type 'Y'`, `type` at the top. */
function githubError(error: GraphQLError) {
  const json = error.toJSON() as { message: string; extensions?: Record<string, unknown> };
  const field = /^Cannot query field "(\w+)" on type "(\w+)"\./.exec(json.message);
  if (field) {
    const extensions = { code: "undefinedField", typeName: field[2], fieldName: field[1] };
    return { ...json, message: `Field '${field[1]}' doesn't exist on type '${field[2]}'`, extensions };
  }
  const { type, ...rest } = json.extensions ?? {};
  const { extensions: _, ...plain } = json;
  return typeof type === "string"
    ? { type, ...plain, ...(Object.keys(rest).length > 0 ? { extensions: rest } : {}) }
    : json;
}

/** Runs a query (never a mutation) against the review-threads slice of the schema. */
export async function answerQuery(ctx: RouteContext, document: DocumentNode): Promise<Reply> {
  const invalid = validate(schema, document);
  if (invalid.length > 0) return { status: 200, body: { errors: invalid.map(githubError) } };
  const variables = (ctx.body.variables ?? {}) as Record<string, unknown>;
  const result = await execute({ schema, document, rootValue: rootValue(ctx), variableValues: variables });
  const errors = result.errors?.map(githubError);
  return { status: 200, body: { ...(errors ? { errors } : {}), data: result.data ?? null } };
}
