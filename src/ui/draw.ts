import type { Html } from "./html.ts";
import { deliveriesPage, deliveryQuery } from "./pages/deliveries.ts";
import { jobPage } from "./pages/job.ts";
import { jobQuery, jobsPage } from "./pages/jobs.ts";
import { totalsDays, totalsPage, totalsSince } from "./pages/totals.ts";
import type { UiReader } from "./server.ts";

export type Drawn = { status: 200; page: Html } | { status: 404; text: string };

/** A dashboard page drawn from the store: what `url` (under /ui) names, or a 404. */
export async function drawPage(url: URL, reader: UiReader, web: string): Promise<Drawn> {
  const path = url.pathname;
  if (path === "/ui/jobs") {
    const q = jobQuery(url.searchParams);
    return { status: 200, page: jobsPage(await reader.queryJobs(q), q, web) };
  }
  if (path === "/ui/deliveries") {
    const q = deliveryQuery(url.searchParams);
    return { status: 200, page: deliveriesPage(await reader.queryDeliveries(q), q) };
  }
  if (path === "/ui/totals") {
    const days = totalsDays(url.searchParams);
    return { status: 200, page: totalsPage(await reader.jobTotals(totalsSince(days, new Date())), days) };
  }
  const id = /^\/ui\/jobs\/([0-9a-f-]{1,36})$/i.exec(path)?.[1];
  const { job } = id ? await reader.findJob(id) : { job: null };
  if (!job) return { status: 404, text: "not found" };
  const [runs, reports] = await Promise.all([reader.listRuns(job.id), reader.runReports(job.id)]);
  return { status: 200, page: jobPage({ job, runs, reports }, web) };
}
