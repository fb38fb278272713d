import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { RunningService } from "../../src/service/service.ts";
import type { Emulator } from "../support/github-emulator/index.ts";
import { type E2eService, startE2eService } from "./support/e2e-service.ts";
import { aliceIssue, seedRepo } from "./support/seed.ts";

describe("booty serve end to end: failures and retries", () => {
  let e2e: E2eService;
  let emulator: Emulator;
  let service: RunningService;
  let labelAndWait: E2eService["labelAndWait"];

  before(async () => {
    e2e = await startE2eService();
    ({ emulator, service, labelAndWait } = e2e);
  });
  after(() => e2e?.stop());

  test("a permanent failure ends the job with one failure comment saying why", async () => {
    await emulator.createRepo({ owner: "octo", repo: "empty", files: { "README.md": "# empty\n" } });
    emulator.setPermission("octo", "empty", "alice", "admin");
    const issue = aliceIssue(emulator, "empty", "Add a README", "please");
    const { job } = await labelAndWait("empty", issue.number, "Add a README", "alice");
    assert.equal(job.state, "failed");
    assert.equal(job.attempts, 1, "a permanent failure is not retried");
    // The script's plan edits calc/ops.py, which this repository lacks: a permanent failure.
    assert.match(job.error ?? "", /calc\/ops\.py/, JSON.stringify(job));
    const bodies = emulator.comments("octo", "empty", issue.number).map((c) => c.body);
    assert.equal(bodies.length, 2, bodies.join("\n---\n"));
    assert.match(bodies[1] ?? "", /could not finish job .*calc\/ops\.py[\s\S]*\/booty retry/);
    assert.match(bodies[1] ?? "", /the model asked to change calc\/ops\.py, which does not exist\./);
    assert.doesNotMatch(bodies[1] ?? "", /use create/, "what the model was told is not for the issue");
    assert.match(bodies[0] ?? "", /stopped working on this issue .*the comment below says why/);
    // The status comment lists the plan (which names the file) but leaves the cause to the failure comment.
    assert.doesNotMatch(bodies[0] ?? "", /does not exist/, "the cause is said once, in the failure comment");
    assert.match(bodies[0] ?? "", /- stopped: the model's edits did not fit the files$/m, "why, in plain words");
    assert.equal(emulator.pulls("octo", "empty").length, 0);
  });

  test("a pull request GitHub refuses leaves no branch behind, and the status comment stops promising one", async () => {
    await seedRepo(emulator, "refused");
    const issue = aliceIssue(emulator, "refused");
    emulator.failNext({
      method: "POST",
      path: "/repos/octo/refused/pulls",
      status: 422,
      times: 1,
      body: { message: "Validation Failed", errors: [{ message: "pull requests are disabled here" }] },
    });
    const { job } = await labelAndWait("refused", issue.number, "Add subtract", "alice");
    assert.equal(job.state, "failed");
    assert.match(job.error ?? "", /pull requests are disabled here/);
    assert.deepEqual(Object.keys(await emulator.branches("octo", "refused")), ["main"], "the pushed branch is gone");
    const bodies = emulator.comments("octo", "refused", issue.number).map((c) => c.body);
    assert.equal(bodies.length, 2, bodies.join("\n---\n"));
    assert.match(bodies[0] ?? "", /stopped working on this issue/);
    assert.doesNotMatch(bodies[0] ?? "", /will follow|disabled/);
    assert.match(bodies[1] ?? "", /could not finish job .*pull requests are disabled here/);
  });

  test("a later run that fails keeps the status comment's link to the open PR, and says why once, for a person", async () => {
    await seedRepo(emulator, "kept");
    const issue = aliceIssue(emulator, "kept");
    const first = await labelAndWait("kept", issue.number, "Add subtract", "alice");
    assert.equal(first.job.state, "succeeded", first.job.error ?? "");
    const [pr] = emulator.pulls("octo", "kept");
    // The line the script's edit looks for changes on main: the next run's edits no longer apply.
    const ops = 'def add(a, b):\n    """Add two numbers."""\n    return b + a\n';
    await emulator.commit({ owner: "octo", repo: "kept", branch: "main", files: { "calc/ops.py": ops } });
    const second = await labelAndWait("kept", issue.number, "Add subtract", "alice");
    assert.equal(second.job.state, "failed");
    const bodies = emulator.comments("octo", "kept", issue.number).map((c) => c.body);
    assert.equal(bodies.length, 2, bodies.join("\n---\n"));
    const [status = "", failure = ""] = bodies;
    assert.match(status, new RegExp(`stopped working on this issue .*pull request #${pr?.number} from an earlier run`));
    assert.match(
      failure,
      /the model's changes did not apply to the files after 3 tries: edit for calc\/ops\.py: the lines to change are not in the file\.\n/,
    );
    assert.equal(bodies.filter((b) => b.includes("lines to change")).length, 1, "the cause is said once");
    assert.doesNotMatch(failure, /search text|closest region|return b \+ a|\.\./, "nothing written for the model");
    assert.equal(emulator.pulls("octo", "kept")[0]?.state, "open");
    // Every text the status comment had since the pull request opened links it: each step, and the end.
    const history = emulator.comments("octo", "kept", issue.number)[0]?.history ?? [];
    const link = new RegExp(`#${pr?.number}\\b`);
    const opened = history.findIndex((b) => link.test(b));
    assert.ok(opened >= 0 && history.length - opened >= 3, history.join("\n---\n"));
    const unlinked = history.slice(opened).filter((b) => !link.test(b));
    assert.deepEqual(unlinked, [], "no version of the comment drops the link");
  });

  test("GitHub answering 502 past the client's own retries fails the attempt as retryable; the next one succeeds", async () => {
    await seedRepo(emulator, "flaky");
    const issue = aliceIssue(emulator, "flaky");
    // Four for the intake's acknowledgement (which gives up, logged) and four for the first attempt: each
    // call's first request and three retries.
    emulator.failNext({ path: "/repos/octo/flaky/collaborators/alice/permission", status: 502, times: 8 });
    const { job, jobId } = await labelAndWait("flaky", issue.number, "Add subtract", "alice");
    assert.equal(job.state, "succeeded", job.error ?? "");
    assert.equal(job.attempts, 2);
    const runs = await service.store.listRuns(jobId);
    assert.deepEqual(
      runs.map((r) => [r.status, r.retryable]),
      [
        ["failed", true],
        ["succeeded", null],
      ],
    );
    assert.equal(emulator.pulls("octo", "flaky").length, 1);
    assert.equal(
      emulator.comments("octo", "flaky", issue.number).length,
      1,
      "no failure comment for a retried attempt",
    );
  });
});
