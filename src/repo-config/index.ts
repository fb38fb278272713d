export { loadRepoConfigAt } from "./at-commit.ts";
export { type DetectedTestCommand, detectTestCommand } from "./detect.ts";
export { loadRepoConfig, parseRepoConfig, REPO_CONFIG_FILE } from "./load.ts";
export {
  DEFAULT_MAX_RETRIES,
  DEFAULT_TIMEOUT_SEC,
  MAX_RETRIES_LIMIT,
  type RepoConfig,
  repoConfigSchema,
} from "./schema.ts";
