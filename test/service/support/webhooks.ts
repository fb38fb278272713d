import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { sign } from "@octokit/webhooks-methods";

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}
const groups = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as ExampleGroup[];

function example(event: string, action: string): Record<string, unknown> {
  const found = groups.find((g) => g.name === event)?.examples.find((e) => e.action === action);
  if (!found) throw new Error(`no ${event}.${action} example`);
  return structuredClone(found);
}

let labelEvents = 0;

/** A recorded `issues.labeled` payload pointed at a repository and issue of the emulator. */
export function labeledPayload(o: {
  owner: string;
  repo: string;
  number: number;
  title: string;
  sender: string;
  label?: string;
}) {
  const p = example("issues", "labeled") as Record<string, Record<string, unknown>>;
  const label = { ...p.label, name: o.label ?? "booty" };
  // Each label event moves the issue's updated_at, which is what tells two of them apart from a replay.
  const updated_at = new Date(Date.now() + labelEvents++).toISOString();
  return {
    ...p,
    label,
    issue: { ...p.issue, number: o.number, title: o.title, labels: [label], pull_request: undefined, updated_at },
    repository: {
      ...p.repository,
      name: o.repo,
      full_name: `${o.owner}/${o.repo}`,
      owner: { ...(p.repository?.owner as object), login: o.owner },
    },
    sender: { ...p.sender, login: o.sender, type: "User" },
  };
}

export async function postDelivery(
  url: string,
  secret: string,
  event: string,
  payload: unknown,
  deliveryId: string = randomUUID(),
): Promise<{ status: number; body: { outcome?: string; job?: string | null } }> {
  const body = JSON.stringify(payload);
  const res = await fetch(`${url}/webhooks/github`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": event,
      "x-github-delivery": deliveryId,
      "x-hub-signature-256": await sign(secret, body),
    },
  });
  return { status: res.status, body: (await res.json()) as never };
}

/** Posts a signed `issues.labeled` delivery for `octo/<repo>#<number>`, labelled `booty` by `sender`. */
export function labelIssue(
  url: string,
  secret: string,
  o: { repo: string; number: number; title: string; sender?: string; deliveryId?: string },
) {
  const payload = labeledPayload({
    owner: "octo",
    repo: o.repo,
    number: o.number,
    title: o.title,
    sender: o.sender ?? "alice",
  });
  return postDelivery(url, secret, "issues", payload, o.deliveryId);
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  ms = 30_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the job `read` returns has ended (neither queued nor running), and returns it. */
export function untilJobEnds<T extends { state: string }>(
  what: string,
  read: () => Promise<T | null | undefined>,
  ms?: number,
): Promise<T> {
  return until(
    what,
    async () => {
      const job = await read();
      return job && job.state !== "queued" && job.state !== "running" && job;
    },
    ms,
  );
}
