import { createHmac, randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import type { Delivery } from "./load.ts";

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}

/**
 * Real payloads from @octokit/webhooks-examples, cycled, each with its own delivery id and signature.
 * One in `triggerEvery` is an issue labelled `booty` on a fresh issue number, so the intake also
 * stores jobs, not only deliveries.
 */
export function makeDeliveries(count: number, secret: string, triggerEvery = 10): Delivery[] {
  const groups = createRequire(import.meta.url)(
    "@octokit/webhooks-examples/api.github.com/index.json",
  ) as ExampleGroup[];
  const pool = groups.flatMap((g) => g.examples.map((payload) => ({ event: g.name, payload })));
  const labeled = pool.find((p) => p.event === "issues" && p.payload.action === "labeled");
  if (!labeled) throw new Error("no issues.labeled example");
  const out: Delivery[] = [];
  for (let i = 0; i < count; i++) {
    let { event, payload } = pool[i % pool.length] as (typeof pool)[number];
    if (i % triggerEvery === 0) {
      const issue = labeled.payload.issue as Record<string, unknown>;
      event = "issues";
      payload = { ...labeled.payload, label: { name: "booty" }, issue: { ...issue, number: 100000 + i } };
    }
    const body = Buffer.from(JSON.stringify(payload));
    out.push({
      body,
      headers: {
        "content-type": "application/json",
        "x-github-event": event,
        "x-github-delivery": randomUUID(),
        "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
      },
    });
  }
  return out;
}
