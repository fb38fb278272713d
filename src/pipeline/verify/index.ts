export { type Baseline, runBaseline, testCommandFor, type VerifyContext } from "./baseline.ts";
export { extractFailures, type Failure, type Frame, WHOLE_RUN } from "./failures/index.ts";
export { describeFailures, type Verification, type VerifyAndRefineOptions, verifyAndRefine } from "./refine.ts";
export { failedWholesale, newFailures, runTests, type TestRun } from "./run-tests.ts";
export {
  assertNoProtectedChanges,
  SELF_MODIFICATION_LABEL,
  SELF_PROTECTED_PATHS,
  type SelfModificationRules,
  selfModificationRules,
} from "./self-mod.ts";
