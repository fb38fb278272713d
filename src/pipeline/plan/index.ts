export { planRun, type RunPlan } from "./plan.ts";
export {
  assertNoProtectedChanges,
  SELF_MODIFICATION_LABEL,
  SELF_PROTECTED_PATHS,
  type SelfModificationRules,
  selfModificationRules,
} from "./self-mod.ts";
