export { ANALYZE_BUDGET, ANALYZE_TOP } from "./budget.ts";
export { localize } from "./localize.ts";
export { countCl100k } from "./pack/count.ts";
export type { PackedFile } from "./pack/pack.ts";
export { renderFile } from "./pack/pack.ts";
export { contextCommandJson, formatContextReport } from "./pack/report.ts";
export type { BlobLister, LocalizeOptions, LocalizeResult, RankedFile } from "./port.ts";
