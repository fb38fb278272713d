import assert from "node:assert/strict";
import { test } from "node:test";
import type { DeliveryView } from "../../queue/index.ts";
import { deliveriesPage, deliveryQuery } from "./deliveries.ts";

const delivery = (over: Partial<DeliveryView>): DeliveryView => ({
  id: "d-1",
  event: "pull_request_review_comment",
  action: "created",
  repo: "octo/calc",
  sender: "alice",
  outcome: "accepted",
  reason: null,
  jobId: "0f0e0d0c-0000-4000-8000-000000000001",
  receivedAt: "2026-12-02T23:00:00.000Z",
  redeliveries: 0,
  lastRedeliveredAt: null,
  ...over,
});

test("an accepted delivery folded into a queued job links that job and says it was folded, escaped", () => {
  const page = deliveriesPage(
    [
      delivery({ id: "made" }),
      delivery({ id: "folded", reason: "folded into the queued review job of its pull request" }),
      delivery({ id: "odd", reason: "<b>x</b>" }),
    ],
    deliveryQuery(new URLSearchParams()),
  ).text;
  const rows = page.split("<tr>").slice(2);
  assert.match(rows[0] ?? "", /job 0f0e0d0c<\/a><\/td>/);
  assert.match(rows[1] ?? "", /job 0f0e0d0c<\/a> \(folded into the queued review job of its pull request\)/);
  assert.match(rows[2] ?? "", /\(&lt;b&gt;x&lt;\/b&gt;\)/);
});
