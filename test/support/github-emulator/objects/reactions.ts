import type { ReactionState, RepoState } from "../types.ts";
import { nodeId, simpleUser } from "./users.ts";

const NO_REACTIONS = {
  total_count: 0,
  "+1": 0,
  "-1": 0,
  laugh: 0,
  confused: 0,
  heart: 0,
  hooray: 0,
  eyes: 0,
  rocket: 0,
};

/** The reactions left on one issue (by number) or comment (by id). */
export function reactionsOn(repo: RepoState, kind: ReactionState["subject"]["kind"], id: number): ReactionState[] {
  return repo.reactions.filter((reaction) => reaction.subject.kind === kind && reaction.subject.id === id);
}

/** Reaction counts as GitHub rolls them up on an issue or comment. */
export function reactionRollup(url: string, reactions: ReactionState[]) {
  const counts: Record<string, number> = { ...NO_REACTIONS };
  for (const reaction of reactions) counts[reaction.content] = (counts[reaction.content] ?? 0) + 1;
  return { url, ...counts, total_count: reactions.length };
}

/** `reaction`. */
export function reactionObject(base: string, reaction: ReactionState) {
  return {
    id: reaction.id,
    node_id: nodeId("Reaction", reaction.id),
    user: simpleUser(base, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}
