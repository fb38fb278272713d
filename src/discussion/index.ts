/**
 * The or pull request's discussion, read from the forge as of the trigger and marked by who may
 * write; `formatDiscussion` (model/prompts) turns it into prompt text.
 *
 * Exports: `collectDiscussion`, `writeAccessLookup`, `WriteAccess`, `Discussion`, `DiscussionEntry`.
 */

export type { Discussion, DiscussionEntry } from "../model/prompts/discussion.ts";
export { type CollectOptions, collectDiscussion } from "./collect.ts";
export { type WriteAccess, writeAccessLookup } from "./permissions.ts";
