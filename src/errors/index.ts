export {
  BootyError,
  type BootyErrorOptions,
  describeError,
  isBootyError,
  isResourceExhausted,
  isRetryable,
} from "./base.ts";
export * from "./kinds.ts";
