export { COMMIT_TYPES, ISSUE_KINDS, IssueAnalysis } from "./analysis.ts";
export {
  CodeGenerationPlan,
  DiffPlan,
  type EditFormat,
  EditsPlan,
  FileChange,
  MAX_WHOLE_FILE_LINES,
  planSchemaFor,
  SearchReplaceEdit,
} from "./plan.ts";
export { ReproductionTest } from "./reproduction.ts";
export { ReviewDecision, ReviewResponse } from "./review.ts";
