export { type ExposureContext, exposureRefusal } from "./exposure.ts";
export { type RunToolchain, toolchainForRun } from "./for-run.ts";
export { programsOf } from "./programs.ts";
export {
  type ResolvedProgram,
  type ResolveOptions,
  resolveToolchain,
  type Toolchain,
  type ToolchainSettings,
} from "./resolve.ts";
