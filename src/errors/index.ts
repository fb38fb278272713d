export { BootyError, type BootyErrorOptions, describeError, isBootyError, isRetryable } from "./base.ts";
export * from "./kinds.ts";
