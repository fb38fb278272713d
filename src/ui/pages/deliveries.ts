import type { DeliveryQuery, DeliveryView } from "../../queue/index.ts";
import { type Html, html } from "../html.ts";
import { layout, when } from "../layout.ts";
import { emptyNote, PAGE_SIZE, pageOf, pager } from "../pager.ts";
import { oneOf, queryValue } from "../query.ts";

const OUTCOMES: readonly DeliveryView["outcome"][] = ["accepted", "ignored", "refused"];

/** The delivery log's filters, as the page's query string carries them (a bad value: InputError); other parameters are ignored. */
export function deliveryQuery(params: URLSearchParams): DeliveryQuery & { page: number } {
  return {
    outcome: oneOf(params, "outcome", OUTCOMES),
    repo: queryValue(params, "repo")?.slice(0, 200),
    ...pageOf(params),
  };
}

/** Every delivery and what became of it: "why did booty ignore my label?" answered. */
export function deliveriesPage(rows: DeliveryView[], q: ReturnType<typeof deliveryQuery>): Html {
  const deliveries = rows.slice(0, PAGE_SIZE);
  const filters = { outcome: q.outcome, repo: q.repo };
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
<td>${d.event ?? "-"}${d.action ? `.${d.action}` : ""}</td><td>${d.repo ? html`<a class="repo" href="/ui/deliveries?${new URLSearchParams({ repo: d.repo }).toString()}">${d.repo}</a>` : "-"}</td><td>${d.sender ?? "-"}</td>
<td><span class="outcome ${d.outcome}">${d.outcome}</span> ${
      d.jobId
        ? html`<a href="/ui/jobs/${d.jobId}">job ${d.jobId.slice(0, 8)}</a>${d.reason ? ` (${d.reason})` : ""}`
        : (d.reason ?? "")
    }${d.redeliveries > 0 ? ` (redelivered ${d.redeliveries}×)` : ""}</td>
</tr>`,
  )}</tbody>
</table>
${deliveries.length === 0 ? emptyNote("deliveries", "/ui/deliveries", filters, q.page) : ""}
${pager("/ui/deliveries", filters, q.page, rows.length)}
</div>`;
  return layout("Deliveries", "deliveries", body);
}
