export { COMMIT_TYPES, IssueAnalysis } from "./analysis.ts";
export { CodeGenerationPlan, FileChange, SearchReplaceEdit } from "./plan.ts";
