export {
  BootyError,
  type BootyErrorOptions,
  describeError,
  isBootyError,
  isResourceExhausted,
  isRetryable,
} from "./base.ts";
export { type JobError, toJobError } from "./job-error.ts";
export * from "./kinds.ts";
export { unreadableFile } from "./unreadable.ts";
