export { closestRegion, type Region } from "./closest.ts";
export { applyEdits, type Edit } from "./edits.ts";
export { decodeText, readText } from "./read.ts";
export { type StagedChange, stagePlan } from "./stage.ts";
export { writeStaged } from "./write.ts";
