import { createHash } from "node:crypto";

/** A job id, or the start of one as `booty jobs` shows it (at least 4 hex digits, as git takes commits). */
export const JOB_ID_PREFIX = /^(?=(?:-?[0-9a-f]){4})[0-9a-f-]{4,36}$/i;

/**
 * The id a delivery's job gets: derived from the delivery id, so the intake can name the job in its
 * answer before the job is stored, a redelivery names the same job, and two intakes that both receive
 * one delivery agree. A UUID of version 8 (custom), as the jobs table and pg-boss expect UUIDs.
 */
export function jobIdFor(deliveryId: string): string {
  const b = createHash("sha256").update(`booty-job:${deliveryId}`).digest();
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x80;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
