import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, test } from "node:test";
import { parseCommand } from "./command.ts";
import { parseEvent } from "./parse.ts";
import { routeEvent } from "./route.ts";
import type { Route, TriggerRules } from "./webhook-event.ts";

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}
const examples = createRequire(import.meta.url)(
  "@octokit/webhooks-examples/api.github.com/index.json",
) as ExampleGroup[];
const rules = (over: Partial<TriggerRules> = {}): TriggerRules => ({
  triggerLabel: "booty",
  allowedBots: [],
  repos: [],
  ...over,
});

function route(name: string, payload: unknown, r: TriggerRules): Route {
  const parsed = parseEvent(name, "delivery-1", payload);
  assert.ok(parsed.ok, `${name}: ${parsed.ok ? "" : parsed.problem}`);
  return routeEvent(parsed.event, r);
}

describe("routing the recorded webhook examples", () => {
  test("every event that is not issues, issue_comment or a review is parsed and ignored", () => {
    let count = 0;
    const triggers = ["issues", "issue_comment", "pull_request_review", "pull_request_review_comment"];
    for (const group of examples.filter((g) => !triggers.includes(g.name))) {
      for (const example of group.examples) {
        assert.equal(route(group.name, example, rules({ triggerLabel: "bug" })).kind, "ignore", group.name);
        count++;
      }
    }
    assert.ok(count > 250, `only ${count} examples`);
  });

  test("issues: labelled with, or opened carrying, the trigger label triggers; nothing else does", () => {
    const issues = examples.find((g) => g.name === "issues")?.examples ?? [];
    assert.ok(issues.length > 20);
    for (const label of ["bug", "booty"]) {
      for (const example of issues) {
        const p = example as {
          action: string;
          label?: { name: string };
          issue: { labels?: { name: string }[] };
        };
        const carries = (p.issue.labels ?? []).some((l) => l.name === label);
        const expected = (p.action === "labeled" && p.label?.name === label) || (p.action === "opened" && carries);
        const got = route("issues", example, rules({ triggerLabel: label }));
        assert.equal(got.kind, expected ? "trigger" : "ignore", `${p.action} with label ${label}`);
      }
    }
    const labeled = issues.find((e) => e.action === "labeled");
    const got = route("issues", labeled, rules({ triggerLabel: "bug" }));
    assert.equal(got.kind, "trigger");
    if (got.kind === "trigger") {
      const p = labeled as { issue: { number: number }; sender: { login: string }; repository: { full_name: string } };
      assert.equal(got.trigger.issueNumber, p.issue.number);
      assert.equal(got.trigger.actor, p.sender.login);
      assert.equal(got.trigger.repo, p.repository.full_name);
      assert.equal(got.trigger.command, "run");
    }
  });

  test("issue_comment: only a created comment starting with /booty triggers", () => {
    const comments = examples.find((g) => g.name === "issue_comment")?.examples ?? [];
    for (const example of comments) {
      assert.equal(route("issue_comment", example, rules()).kind, "ignore");
      const p = example as { action: string; comment: { body: string } };
      for (const [body, command] of [
        ["/booty", "run"],
        ["/booty run\nplease", "run"],
        ["  /booty retry", "retry"],
      ] as const) {
        const got = route("issue_comment", { ...p, comment: { ...p.comment, body } }, rules());
        assert.equal(got.kind, p.action === "created" ? "trigger" : "ignore");
        if (got.kind === "trigger") assert.equal(got.trigger.command, command);
      }
    }
  });

  test("bots are ignored unless allow-listed; repositories outside BOOTY_REPOS are ignored", () => {
    const labeled = examples.find((g) => g.name === "issues")?.examples.find((e) => e.action === "labeled") as {
      sender: Record<string, unknown>;
      repository: { full_name: string };
    };
    const bot = { ...labeled, sender: { ...labeled.sender, login: "renovate[bot]", type: "Bot" } };
    assert.equal(route("issues", bot, rules({ triggerLabel: "bug" })).kind, "ignore");
    assert.equal(route("issues", bot, rules({ triggerLabel: "bug", allowedBots: ["renovate"] })).kind, "trigger");
    assert.equal(route("issues", labeled, rules({ triggerLabel: "bug", repos: ["other/repo"] })).kind, "ignore");
    const allowed = rules({ triggerLabel: "bug", repos: [labeled.repository.full_name.toUpperCase()] });
    assert.equal(route("issues", labeled, allowed).kind, "trigger");
  });

  test("/booty on a pull request is a review job, not a run; an unknown command on an issue is ignored", () => {
    const created = examples.find((g) => g.name === "issue_comment")?.examples.find((e) => e.action === "created") as {
      issue: Record<string, unknown>;
      comment: object;
    };
    const onPr = {
      ...created,
      // booty's own pull request: opened by its App.
      issue: { ...created.issue, pull_request: { url: "x" }, user: { login: "booty[bot]", type: "Bot" } },
      comment: { ...created.comment, body: "/booty" },
    };
    const got = route("issue_comment", onPr, rules());
    assert.equal(got.kind === "trigger" && got.trigger.command, "review");
    assert.deepEqual(parseCommand("/booty rm -rf /"), { kind: "unknown", text: "/booty rm -rf /" });
    assert.deepEqual(parseCommand("/bootylicious"), { kind: "none" });
    assert.deepEqual(parseCommand("hello /booty"), { kind: "none" });
  });

  test("an issues payload of the wrong shape is a problem, not a crash", () => {
    const parsed = parseEvent("issues", "d", { action: "labeled", issue: { number: "7" } });
    assert.equal(parsed.ok, false);
    assert.equal(parseEvent("ping", "d", null).ok, true);
  });
});

test("an unknown command is quoted whole characters only, so the reason can be stored", () => {
  const command = parseCommand(`/booty ${"x".repeat(72)}😀 and more`);
  assert.equal(command.kind, "unknown");
  if (command.kind !== "unknown") return;
  assert.ok(command.text.isWellFormed(), "no half emoji");
  assert.equal(command.text, `/booty ${"x".repeat(72)}`);
});
