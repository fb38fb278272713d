import { InputError } from "../errors/index.ts";
import { JOB_ID_PREFIX } from "../queue/index.ts";
import type { Html } from "./html.ts";
import type { Doing } from "./now-running.ts";
import { deliveriesPage, deliveryQuery } from "./pages/deliveries.ts";
import { errorPage } from "./pages/error.ts";
import { jobPage } from "./pages/job.ts";
import { jobQuery, jobsPage } from "./pages/jobs.ts";
import { totalsDays, totalsPage, totalsSince } from "./pages/totals.ts";
import type { UiReader } from "./server.ts";

/** What pages are drawn with besides the store: where the forge's pages are, what running jobs do now. */
export interface DrawContext {
  web: string;
  doing: (jobId: string) => Doing | null;
}

export interface Drawn {
  status: 200 | 400 | 404;
  page: Html;
}

const JOB_PATH = /^\/ui\/jobs\/([^/]+)$/;

/** A dashboard page drawn from the store: what `url` (under /ui) names; a 404 or 400 page saying what is wrong. */
export async function drawPage(url: URL, reader: UiReader, c: DrawContext): Promise<Drawn> {
  try {
    return await draw(url, reader, c);
  } catch (error) {
    if (error instanceof InputError) return { status: 400, page: errorPage(400, error.oneLine()) };
    throw error;
  }
}

async function draw(url: URL, reader: UiReader, c: DrawContext): Promise<Drawn> {
  const path = url.pathname;
  if (path === "/ui/jobs") {
    const q = jobQuery(url.searchParams);
    return { status: 200, page: jobsPage(await reader.queryJobs(q), q, c) };
  }
  if (path === "/ui/deliveries") {
    const q = deliveryQuery(url.searchParams);
    return { status: 200, page: deliveriesPage(await reader.queryDeliveries(q), q) };
  }
  if (path === "/ui/totals") {
    const days = totalsDays(url.searchParams);
    return { status: 200, page: totalsPage(await reader.jobTotals(totalsSince(days, new Date())), days) };
  }
  const asked = JOB_PATH.exec(path)?.[1];
  if (asked === undefined) return { status: 404, page: errorPage(404, `There is no page ${path} here.`) };
  const id = decoded(asked);
  if (!JOB_ID_PREFIX.test(id))
    return {
      status: 404,
      page: errorPage(404, `No job ${id}: a job id (or its start) is 4 to 32 hexadecimal digits.`),
    };
  const { job, candidates } = await reader.findJob(id);
  if (!job) {
    const why = candidates > 1 ? `${candidates} jobs start with ${id}: give more of the id.` : `No job ${id}.`;
    return { status: 404, page: errorPage(404, why) };
  }
  const [runs, reports] = await Promise.all([reader.listRuns(job.id), reader.runReports(job.id)]);
  return { status: 200, page: jobPage({ job, runs, reports, doing: c.doing(job.id) }, c.web) };
}

/** A path segment as it was meant; a malformed escape is kept as it came. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
