import { REACTIONS, react } from "../conversation.ts";
import { reactionObject } from "../objects/reactions.ts";
import { notFound, paginate, type Route, type RouteContext, validationFailed } from "../router.ts";
import type { ReactionContent, ReactionState, RepoState } from "../types.ts";
import { repoRoute } from "./helpers.ts";

type Kind = ReactionState["subject"]["kind"];

/** The thing reacted to, when it exists in the repository. */
function subjectOf(ctx: RouteContext, repo: RepoState, kind: Kind): ReactionState["subject"] | undefined {
  if (kind === "issue") {
    const number = Number(ctx.params.issue_number);
    return repo.issues.has(number) ? { kind, id: number } : undefined;
  }
  const id = Number(ctx.params.comment_id);
  const exists =
    kind === "review_comment"
      ? repo.reviewComments.some((comment) => comment.id === id)
      : [...repo.issues.values()].some((issue) => issue.comments.some((comment) => comment.id === id));
  return exists ? { kind, id } : undefined;
}

/** GET (list, `content` filter) and POST (idempotent: 200 for a reaction already there, 201 for a new one). */
function routesFor(kind: Kind, path: string, scope: string): Route[] {
  return [
    repoRoute("GET", path, `${scope}:read`, (ctx, repo) => {
      const subject = subjectOf(ctx, repo, kind);
      if (!subject) return notFound();
      const content = ctx.query.get("content");
      const reactions = repo.reactions.filter(
        (reaction) =>
          reaction.subject.kind === kind &&
          reaction.subject.id === subject.id &&
          (!content || reaction.content === content),
      );
      const self = path
        .replace("{owner}", repo.owner.login)
        .replace("{repo}", repo.name)
        .replace(/\{\w+\}/, String(subject.id));
      return paginate(
        reactions.map((reaction) => reactionObject(ctx.base, reaction)),
        ctx,
        self,
      );
    }),
    repoRoute("POST", path, `${scope}:write`, (ctx, repo) => {
      const subject = subjectOf(ctx, repo, kind);
      if (!subject) return notFound();
      const content = ctx.body.content;
      if (typeof content !== "string" || !REACTIONS.includes(content as ReactionContent)) {
        return validationFailed([{ resource: "Reaction", field: "content", code: "invalid" }]);
      }
      const user = ctx.token?.user ?? ctx.store.user("ghost");
      const result = react(ctx.store, repo, subject, user, content as ReactionContent);
      return { status: result.created ? 201 : 200, body: reactionObject(ctx.base, result.reaction) };
    }),
  ];
}

export const reactionRoutes: Route[] = [
  ...routesFor("issue", "/repos/{owner}/{repo}/issues/{issue_number}/reactions", "issues"),
  ...routesFor("issue_comment", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", "issues"),
  ...routesFor("review_comment", "/repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions", "pull_requests"),
];
