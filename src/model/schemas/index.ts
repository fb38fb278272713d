export { COMMIT_TYPES, IssueAnalysis } from "./analysis.ts";
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
