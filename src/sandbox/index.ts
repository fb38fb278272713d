export { type CreateSandboxOptions, createSandbox, MAX_OUTPUT_BYTES } from "./create.ts";
export {
  DEFAULT_LIMITS,
  type Sandbox,
  type SandboxKind,
  type SandboxLimits,
  type SandboxResult,
  type SandboxRunOptions,
} from "./port.ts";
export { createScratch, type ScratchWorkspace } from "./scratch.ts";
export { removeDeadScratch } from "./scratch-mount.ts";
export { type CacheEntry, listSetupCache, type SetupCacheSettings } from "./setup/cache.ts";
export {
  detectMissingDependencies,
  type MissingDependencies,
  type MissingDependency,
} from "./setup/dependencies.ts";
export { programsFor, runSetup, type SetupRun, setupKey } from "./setup/run-setup.ts";
export {
  exposureRefusal,
  programsOf,
  type ResolvedProgram,
  resolveToolchain,
  type Toolchain,
  type ToolchainSettings,
} from "./toolchain/index.ts";
