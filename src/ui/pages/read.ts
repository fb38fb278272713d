/**
 * Reading a stored run report: it is opaque JSON, written by whatever version of booty ran the job, so
 * every field is checked for its shape as it is read; a field of another shape reads as absent.
 */
export type Loose = Record<string, unknown>;

export const obj = (v: unknown): Loose | null =>
  v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Loose) : null;
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const objs = (v: unknown): Loose[] => list(v).flatMap((x) => (obj(x) ? [x as Loose] : []));
export const strs = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === "string");
export const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "");
export const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);
