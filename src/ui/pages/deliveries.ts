import type { DeliveryQuery, DeliveryView } from "../../queue/index.ts";
import { type Html, html } from "../html.ts";
import { layout, when } from "../layout.ts";
import { PAGE_SIZE, pageOf, pager } from "../pager.ts";

const OUTCOMES: readonly DeliveryView["outcome"][] = ["accepted", "ignored", "refused"];

/** The delivery log's filters, as the page's query string carries them; anything else is ignored. */
export function deliveryQuery(params: URLSearchParams): DeliveryQuery & { page: number } {
  const outcome = params.get("outcome") ?? "";
  return {
    outcome: (OUTCOMES as readonly string[]).includes(outcome) ? (outcome as DeliveryView["outcome"]) : undefined,
    repo: params.get("repo")?.trim().slice(0, 200) || undefined,
    ...pageOf(params),
  };
}

/** Every delivery and what became of it: "why did booty ignore my label?" answered. */
export function deliveriesPage(rows: DeliveryView[], q: ReturnType<typeof deliveryQuery>): Html {
  const deliveries = rows.slice(0, PAGE_SIZE);
  const body = html`<h1>Deliveries</h1>
<form class="filters" method="get" action="/ui/deliveries">
<label>Outcome <select name="outcome"><option value="">any</option>${OUTCOMES.map(
    (o) => html`<option${o === q.outcome ? html` selected` : ""}>${o}</option>`,
  )}</select></label>
<label>Repository <input name="repo" value="${q.repo ?? ""}" placeholder="owner/name"></label>
<button>Filter</button>
</form>
<div id="live">
<table class="deliveries">
<thead><tr><th>Received</th><th>Delivery</th><th>Event</th><th>Repository</th><th>Sender</th><th>Outcome</th></tr></thead>
<tbody>${deliveries.map(
    (d) => html`<tr>
<td>${when(d.receivedAt)}</td><td><code>${d.id ?? "-"}</code></td>
<td>${d.event ?? "-"}${d.action ? `.${d.action}` : ""}</td><td>${d.repo ?? "-"}</td><td>${d.sender ?? "-"}</td>
<td><span class="outcome ${d.outcome}">${d.outcome}</span> ${
      d.jobId
        ? html`<a href="/ui/jobs/${d.jobId}">job ${d.jobId.slice(0, 8)}</a>${d.reason ? ` (${d.reason})` : ""}`
        : (d.reason ?? "")
    }${d.redeliveries > 0 ? ` (redelivered ${d.redeliveries}×)` : ""}</td>
</tr>`,
  )}</tbody>
</table>
${deliveries.length === 0 ? html`<p class="empty">No deliveries${q.outcome || q.repo ? " match these filters" : " yet"}.</p>` : ""}
${pager("/ui/deliveries", { outcome: q.outcome, repo: q.repo }, q.page, rows.length)}
</div>`;
  return layout("Deliveries", "deliveries", body);
}
