import { crc32 } from "node:zlib";
import type { DeliveryRecord } from "../../queue/index.ts";

const HEADER = 8;

/**
 * One journal record: length, CRC-32, then the delivery without its payload as JSON, a newline, and the
 * payload as it was signed. The payload is appended as is rather than JSON-escaped inside the record,
 * which would cost the intake a second pass over every body it keeps.
 */
export function encodeRecord(record: DeliveryRecord): Buffer {
  const { payload, ...meta } = record;
  const head = `${JSON.stringify(meta)}\n`;
  const headBytes = Buffer.byteLength(head);
  const payloadBytes = Buffer.byteLength(payload);
  // Never from the shared pool: the frame may be handed to another thread.
  const out = Buffer.allocUnsafeSlow(HEADER + headBytes + payloadBytes);
  out.write(head, HEADER);
  out.write(payload, HEADER + headBytes);
  out.writeUInt32LE(headBytes + payloadBytes, 0);
  out.writeUInt32LE(crc32(out.subarray(HEADER)), 4);
  return out;
}

export interface Decoded {
  records: DeliveryRecord[];
  /** Bytes of whole, intact records; anything after is a torn write from a crash (never acknowledged). */
  validBytes: number;
}

export function decodeRecords(buf: Buffer): Decoded {
  const records: DeliveryRecord[] = [];
  let at = 0;
  while (at + HEADER <= buf.length) {
    const length = buf.readUInt32LE(at);
    const end = at + HEADER + length;
    if (end > buf.length) break;
    const body = buf.subarray(at + HEADER, end);
    if (crc32(body) !== buf.readUInt32LE(at + 4)) break;
    const newline = body.indexOf(0x0a);
    if (newline < 0) break;
    let meta: Omit<DeliveryRecord, "payload">;
    try {
      meta = JSON.parse(body.toString("utf8", 0, newline)) as Omit<DeliveryRecord, "payload">;
    } catch {
      break;
    }
    records.push({ ...meta, payload: body.toString("utf8", newline + 1) });
    at = end;
  }
  return { records, validBytes: at };
}

/** The one record a frame holds, as `encodeRecord` made it. */
export function decodeFrame(frame: Buffer): DeliveryRecord {
  const [record] = decodeRecords(frame).records;
  if (!record) throw new Error("not a journal record");
  return record;
}
