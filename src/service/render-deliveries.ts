import type { DeliveryView } from "../queue/index.ts";
import { oneLine } from "../text/clip.ts";

/** One row per delivery, newest first: when, which, from whom, and what became of it. */
export function renderDeliveries(deliveries: readonly DeliveryView[]): string {
  const rows = deliveries.map((d) => [
    d.receivedAt.replace(/\.\d+Z$/, "Z"),
    d.id ?? "-",
    [d.event || "-", d.action].filter(Boolean).join("."),
    d.repo ?? "-",
    d.sender ?? "-",
    outcome(d),
  ]);
  const head = ["RECEIVED", "DELIVERY", "EVENT", "REPO", "SENDER", "OUTCOME"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `${cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd()}\n`;
  return line(head) + rows.map(line).join("");
}

function outcome(d: DeliveryView): string {
  const again = d.redeliveries > 0 ? ` (redelivered ${d.redeliveries}x)` : "";
  if (d.outcome === "accepted") {
    const folded = d.reason ? ` (${oneLine(d.reason, 100, "...")})` : "";
    return `accepted: job ${d.jobId ?? "?"}${folded}${again}`;
  }
  return `${d.outcome}: ${oneLine(d.reason ?? "", 100, "...")}${again}`;
}
