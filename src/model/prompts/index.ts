/**
 * Prompt builders for the model steps. Each returns `{ system, messages }` for `Model.generate`.
 *
 * Exports: `analyzePrompt`, `generatePrompt`, `refinePrompt`, `feedbackMessage`, and their input types.
 */
export { type AnalyzeInput, analyzePrompt, type Prompt } from "./analyze.ts";
export { type Discussion, type DiscussionEntry, formatDiscussion } from "./discussion.ts";
export { feedbackMessage } from "./feedback.ts";
export type { PromptFile, PromptIssue } from "./fence.ts";
export { type GenerateInput, generatePrompt } from "./generate.ts";
export { formatGuidance } from "./guidance.ts";
export { type RefineInput, refinePrompt } from "./refine.ts";
export { type ReproduceInput, reproducePrompt } from "./reproduce.ts";
export {
  type PromptReviewComment,
  type PromptReviewRequest,
  type PromptReviewThread,
  type ReviewPromptInput,
  reviewPrompt,
} from "./review.ts";
