import type { RepoState, ReviewCommentState, ReviewState } from "../types.ts";
import { authorAssociation } from "./issues.ts";
import { reactionRollup, reactionsOn } from "./reactions.ts";
import { repoFullName } from "./repository.ts";
import { nodeId, simpleUser } from "./users.ts";

/** `pull-request-review`. */
export function reviewObject(base: string, repo: RepoState, review: ReviewState) {
  const pullUrl = `${base}/repos/${repoFullName(repo)}/pulls/${review.pull}`;
  const html = `${base}/${repoFullName(repo)}/pull/${review.pull}#pullrequestreview-${review.id}`;
  return {
    id: review.id,
    node_id: nodeId("PullRequestReview", review.id),
    user: simpleUser(base, review.author),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: pullUrl,
    _links: { html: { href: html }, pull_request: { href: pullUrl } },
    // GitHub leaves it out while a review is pending.
    ...(review.submittedAt === null ? {} : { submitted_at: review.submittedAt }),
    commit_id: review.commitId,
    author_association: authorAssociation(repo, review.author.login),
  };
}

/** `pull-request-review-comment`: one comment on a line of the diff (`in_reply_to_id` for a reply). */
export function reviewCommentObject(base: string, repo: RepoState, comment: ReviewCommentState) {
  const api = `${base}/repos/${repoFullName(repo)}`;
  const url = `${api}/pulls/comments/${comment.id}`;
  const pullUrl = `${api}/pulls/${comment.pull}`;
  const html = `${base}/${repoFullName(repo)}/pull/${comment.pull}#discussion_r${comment.id}`;
  return {
    url,
    pull_request_review_id: comment.reviewId,
    id: comment.id,
    node_id: nodeId("PullRequestReviewComment", comment.id),
    diff_hunk: comment.diffHunk,
    path: comment.path,
    position: 1,
    original_position: 1,
    commit_id: comment.commitId,
    original_commit_id: comment.commitId,
    ...(comment.inReplyTo === undefined ? {} : { in_reply_to_id: comment.inReplyTo }),
    user: simpleUser(base, comment.author),
    body: comment.body,
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    html_url: html,
    pull_request_url: pullUrl,
    author_association: authorAssociation(repo, comment.author.login),
    _links: { self: { href: url }, html: { href: html }, pull_request: { href: pullUrl } },
    start_line: null,
    original_start_line: null,
    start_side: null,
    line: comment.line,
    original_line: comment.line,
    side: "RIGHT",
    subject_type: "line",
    reactions: reactionRollup(`${url}/reactions`, reactionsOn(repo, "review_comment", comment.id)),
  };
}
