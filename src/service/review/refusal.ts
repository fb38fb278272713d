import type { PullRequest, RepoRef } from "../../forge/index.ts";

/**
 * Why booty will not work on this pull request, or null when it will: it must be open, its branch in
 * this repository (a fork's branch is not booty's to push to), and opened by booty unless the operator
 * allows reviews on any pull request (BOOTY_REVIEW_ANY_PR).
 */
export function refusalReason(pull: PullRequest, ref: RepoRef, self: string, anyPr: boolean): string | null {
  if (pull.merged) return `pull request #${pull.number} is already merged: booty adds nothing to it`;
  if (pull.state !== "open") return `pull request #${pull.number} is closed: reopen it to ask booty again`;
  if (pull.head.repo.toLowerCase() !== `${ref.owner}/${ref.repo}`.toLowerCase()) {
    return `pull request #${pull.number} comes from a fork (${pull.head.repo}): booty pushes only to branches of this repository`;
  }
  if (pull.author !== self && !anyPr) {
    return `booty works only on the pull requests it opened, and #${pull.number} was opened by ${pull.author} (an operator can allow any with BOOTY_REVIEW_ANY_PR)`;
  }
  return null;
}
