export { type Baseline, runBaseline, testCommandFor, type VerifyContext } from "./baseline.ts";
export { extractFailures, type Failure, type Frame, WHOLE_RUN } from "./failures/index.ts";
export { describeFailures, type Verification, type VerifyAndRefineOptions, verifyAndRefine } from "./loop.ts";
export { type PreparedVerification, prepareVerification } from "./prepare.ts";
export { createRefiner, type RefinerInput } from "./refiner.ts";
export { failedWholesale, newFailures, runTests, type TestRun } from "./run-tests.ts";
export { verifyChange } from "./verify.ts";
