import type { DeliveryView } from "../../queue/index.ts";
import { type Html, html } from "../html.ts";
import { layout, when } from "../layout.ts";

/** Every delivery and what became of it: "why did booty ignore my label?" answered. */
export function deliveriesPage(deliveries: DeliveryView[]): Html {
  const body = html`<h1>Deliveries</h1>
<div id="live">
<table class="deliveries">
<thead><tr><th>Received</th><th>Delivery</th><th>Event</th><th>Repository</th><th>Sender</th><th>Outcome</th></tr></thead>
<tbody>${deliveries.map(
    (d) => html`<tr>
<td>${when(d.receivedAt)}</td><td><code>${d.id ?? "-"}</code></td>
<td>${d.event ?? "-"}${d.action ? `.${d.action}` : ""}</td><td>${d.repo ?? "-"}</td><td>${d.sender ?? "-"}</td>
<td><span class="outcome ${d.outcome}">${d.outcome}</span> ${
      d.jobId ? html`<a href="/ui/jobs/${d.jobId}">job ${d.jobId.slice(0, 8)}</a>` : (d.reason ?? "")
    }${d.redeliveries > 0 ? ` (redelivered ${d.redeliveries}×)` : ""}</td>
</tr>`,
  )}</tbody>
</table>
${deliveries.length === 0 ? html`<p class="empty">No deliveries yet.</p>` : ""}
</div>`;
  return layout("Deliveries", "deliveries", body);
}
