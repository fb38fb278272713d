export { type Baseline, runBaseline, testCommandFor, type VerifyContext } from "./baseline.ts";
export { describeFailures } from "./describe-failures.ts";
export { extractFailures, type Failure, type Frame, failureMentions, WHOLE_RUN } from "./failures/index.ts";
export { type Verification, type VerifyAndRefineOptions, verifyAndRefine } from "./loop.ts";
export { type PreparedVerification, prepareVerification } from "./prepare.ts";
export { createRefiner, type RefinerInput } from "./refiner.ts";
export { failedWholesale, newFailures, runTests, type TestRun } from "./run-tests.ts";
export { judgeRound, type RoundVerdict, WHOLE_COMMAND } from "./verdict.ts";
export { verifyChange } from "./verify.ts";
