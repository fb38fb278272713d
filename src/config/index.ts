export { DEFAULT_RESTRICTED_PATHS } from "./core.ts";
export type { Env } from "./env.ts";
export {
  type Config,
  type ConfigOverrides,
  loadConfig,
  type ModelSettings,
  modelProblems,
  requireServiceConfig,
  requireWorkerConfig,
} from "./load.ts";
export { secretValues } from "./secrets.ts";
