/**
 * The Forge port's contract, run against the GitHub emulator through the GitHub adapter, once with a
 * personal token and once as a GitHub App (installation tokens narrowed to the repository).
 */
import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { ForgeError, GitError } from "../src/errors/index.ts";
import { createGitHubForge, type Forge, type Permission, type RepoRef } from "../src/forge/index.ts";
import { silentLogger } from "../src/log/logger.ts";
import { runGit } from "../src/workspace/git.ts";
import { type Emulator, startGitHubEmulator } from "./support/github-emulator/index.ts";

const ref: RepoRef = { owner: "octo", repo: "app" };
const ROLES: Permission[] = ["admin", "maintain", "write", "triage", "read", "none"];
const AUTHOR = {
  GIT_AUTHOR_NAME: "booty",
  GIT_AUTHOR_EMAIL: "booty@example.com",
  GIT_COMMITTER_NAME: "booty",
  GIT_COMMITTER_EMAIL: "booty@example.com",
};

for (const mode of ["token", "app"] as const) {
  describe(`Forge port: GitHub adapter with ${mode} auth`, () => {
    let emulator: Emulator;
    let forge: Forge;
    let self: string;
    let work: string;

    /** Clones through the emulator with the forge's git credentials and pushes `branch` with one new file. */
    async function pushBranch(branch: string, file: string): Promise<void> {
      const auth = await forge.gitAuth(ref);
      const dir = await mkdtemp(path.join(work, "clone-"));
      const git = { token: auth.token, tokenOrigin: auth.origin, env: AUTHOR, timeoutMs: 20_000 };
      await runGit(["clone", "--quiet", auth.cloneUrl, dir], { cwd: work, ...git });
      await runGit(["checkout", "-q", "-b", branch], { cwd: dir });
      await writeFile(path.join(dir, file), "print('fixed')\n");
      await runGit(["add", file], { cwd: dir });
      await runGit(["commit", "-q", "-m", `fix: ${file}`], { cwd: dir, env: AUTHOR });
      await runGit(["push", "-q", "origin", branch], { cwd: dir, ...git });
    }

    before(async () => {
      work = await mkdtemp(path.join(tmpdir(), "forge-conformance-"));
      emulator = await startGitHubEmulator();
      await emulator.createRepo({ owner: "octo", repo: "app", files: { "app.py": "print('hi')\n" } });
      await emulator.createRepo({ owner: "octo", repo: "other" });
      emulator.createIssue({
        owner: "octo",
        repo: "app",
        title: "Crash",
        body: "It crashes.",
        author: "alice",
        labels: ["bug"],
      });
      emulator.createIssue({ owner: "octo", repo: "app", title: "No body", body: null, author: "bob" });
      for (const role of ROLES) emulator.setPermission("octo", "app", `user-${role}`, role);
      const common = { apiUrl: emulator.url, logger: silentLogger(), throttle: false, retry: { baseMs: 5 } };
      if (mode === "token") {
        self = "booty-bot";
        forge = createGitHubForge({ ...common, auth: { kind: "token", token: emulator.issueToken({ login: self }) } });
      } else {
        self = `${emulator.app.slug}[bot]`;
        emulator.addInstallation({ account: "octo" });
        const privateKey = emulator.app.privateKeyPem ?? assert.fail("the emulator made no App key");
        forge = createGitHubForge({ ...common, auth: { kind: "app", appId: String(emulator.app.id), privateKey } });
      }
    });
    after(async () => {
      await emulator.close();
      await rm(work, { recursive: true, force: true });
    });

    test("reads the repository and issues", async () => {
      assert.deepEqual(await forge.getRepository(ref), { defaultBranch: "main", private: false, fullName: "octo/app" });
      assert.deepEqual(await forge.getIssue(ref, 1), {
        number: 1,
        title: "Crash",
        body: "It crashes.",
        state: "open",
        labels: ["bug"],
        author: "alice",
      });
      assert.equal((await forge.getIssue(ref, 2)).body, "", "a null body reads as empty");
    });

    test("commits under booty's own account: its login and the noreply address of that account's id", async () => {
      const identity = await forge.commitIdentity(ref);
      assert.equal(identity.name, self);
      const id = /^(\d+)\+(.+)@users\.noreply\.github\.com$/.exec(identity.email);
      assert.equal(id?.[2], self, identity.email);
      const profile = await fetch(`${emulator.url}/users/${encodeURIComponent(self)}`, {
        headers: { authorization: `token ${emulator.issueToken({ login: "someone" })}` },
      });
      assert.equal(String(((await profile.json()) as { id: number }).id), id?.[1], "the id of that very account");
    });

    test("maps every collaborator role, and an unknown user to none", async () => {
      for (const role of ROLES) assert.equal(await forge.getPermission(ref, `user-${role}`), role, role);
      assert.equal(await forge.getPermission(ref, "octo"), "admin", "the owner");
      assert.equal(await forge.getPermission(ref, "no-such-user"), "none");
    });

    test("ensureComment creates once, then edits the same comment in place", async () => {
      emulator.addComment({ ...ref, number: 1, author: "mallory", body: "quoting <!-- booty:status -->" });
      const first = await forge.ensureComment(ref, 1, { marker: "status", body: "Working on it" });
      const second = await forge.ensureComment(ref, 1, { marker: "status", body: "Opened a pull request" });
      const third = await forge.ensureComment(ref, 1, { marker: "status", body: "Opened a pull request" });
      assert.equal(first.created, true);
      assert.deepEqual([second.created, second.id, third.id], [false, first.id, first.id]);
      assert.match(first.url, new RegExp(`/octo/app/issues/1#issuecomment-${first.id}$`));
      const ours = emulator.comments("octo", "app", 1).filter((comment) => comment.author === self);
      assert.equal(ours.length, 1);
      assert.match(ours[0]?.body ?? "", /^Opened a pull request\n\n<!-- booty:status -->$/);
      const theirs = emulator.comments("octo", "app", 1).find((comment) => comment.author === "mallory");
      assert.equal(theirs?.body, "quoting <!-- booty:status -->", "someone else's comment is never edited");
      const other = await forge.ensureComment(ref, 1, { marker: "plan", body: "Plan" });
      assert.notEqual(other.id, first.id, "another marker is another comment");
    });

    test("ensurePullRequest creates once, then updates title, body and draft state", async () => {
      await pushBranch("booty/issue-1-crash", "fix.py");
      const opts = { head: "booty/issue-1-crash", base: "main", title: "Fix crash", body: "Fixes #1", draft: true };
      assert.equal(await forge.findPullRequest(ref, opts.head), null);
      const created = await forge.ensurePullRequest(ref, { ...opts, labels: ["booty"] });
      const found = await forge.findPullRequest(ref, opts.head);
      const { createdAt, ...rest } = found ?? assert.fail("not found");
      assert.deepEqual(rest, { number: created.number, url: created.url, draft: true });
      // When it was opened, to the second (as GitHub dates it): just now.
      const age = Date.now() - Date.parse(createdAt ?? "");
      assert.ok(age >= 0 && age < 60_000, `opened at ${createdAt}`);
      assert.deepEqual([created.created, created.draft], [true, true]);
      const updated = await forge.ensurePullRequest(ref, { ...opts, title: "Fix the crash", draft: false });
      assert.deepEqual([updated.created, updated.number, updated.draft], [false, created.number, false]);
      const pulls = emulator.pulls("octo", "app");
      assert.equal(pulls.length, 1);
      assert.deepEqual(
        {
          title: pulls[0]?.title,
          body: pulls[0]?.body,
          draft: pulls[0]?.draft,
          labels: pulls[0]?.labels,
          author: pulls[0]?.author,
        },
        { title: "Fix the crash", body: "Fixes #1", draft: false, labels: ["booty"], author: self },
      );
      assert.match(created.url, new RegExp(`/octo/app/pull/${created.number}$`));
    });

    test("losing a creation race to another worker updates the winner's pull request", async () => {
      await pushBranch("booty/issue-2-race", "race.py");
      const opts = { head: "booty/issue-2-race", base: "main", title: "Race", body: "first", draft: false };
      const first = await forge.ensurePullRequest(ref, opts);
      // The lookup misses the pull request (as if it was created just after), so creation meets the 422.
      emulator.failNext({ method: "GET", path: "/repos/octo/app/pulls", status: 200, body: [] });
      const second = await forge.ensurePullRequest(ref, { ...opts, body: "second" });
      assert.deepEqual([second.created, second.number], [false, first.number]);
      const race = emulator.pulls("octo", "app").filter((pull) => pull.head === "booty/issue-2-race");
      assert.deepEqual(
        race.map((pull) => pull.body),
        ["second"],
      );
    });

    test("when the draft flag cannot be changed, the pull request is still updated", async () => {
      await pushBranch("booty/issue-2-draft", "draft.py");
      const opts = { head: "booty/issue-2-draft", base: "main", title: "Draft", body: "b", draft: true };
      await forge.ensurePullRequest(ref, opts);
      emulator.failNext({ path: "/graphql", status: 502, times: 10 });
      const result = await forge.ensurePullRequest(ref, { ...opts, title: "Draft 2", draft: false });
      emulator.clearFaults();
      assert.equal(result.draft, true, "reports the state the pull request really has");
      const pull = emulator.pulls("octo", "app").find((candidate) => candidate.head === "booty/issue-2-draft");
      assert.deepEqual([pull?.title, pull?.draft], ["Draft 2", true]);
    });

    test("when labelling fails, the pull request is still created and reported", async () => {
      await pushBranch("booty/issue-2-label", "label.py");
      const opts = { head: "booty/issue-2-label", base: "main", title: "Label", body: "b", draft: false };
      emulator.failNext({ method: "POST", path: /^\/repos\/octo\/app\/issues\/\d+\/labels$/, status: 403, times: 10 });
      const result = await forge.ensurePullRequest(ref, { ...opts, labels: ["booty"] });
      emulator.clearFaults();
      assert.equal(result.created, true);
      const pull = emulator.pulls("octo", "app").find((candidate) => candidate.head === "booty/issue-2-label");
      assert.deepEqual([pull?.number, pull?.labels], [result.number, []]);
    });

    test("a pull request from a branch that was never pushed fails as a permanent ForgeError", async () => {
      const error = await forge
        .ensurePullRequest(ref, { head: "booty/nowhere", base: "main", title: "x", body: "", draft: false })
        .then(
          () => assert.fail("expected a failure"),
          (caught: unknown) => caught,
        );
      assert.ok(error instanceof ForgeError);
      assert.equal(error.status, 422);
      assert.equal(error.retryable, false);
      assert.match(error.message, /POST \/repos\/\{owner\}\/\{repo\}\/pulls failed for octo\/app/);
    });

    test("ensureLabels adds labels, keeping the ones already there", async () => {
      await forge.ensureLabels(ref, 1, ["booty", "bug"]);
      await forge.ensureLabels(ref, 1, []);
      assert.deepEqual(emulator.issue("octo", "app", 1)?.labels, ["bug", "booty"]);
    });

    test("git credentials clone and push; a wrong token fails at once without prompting", async () => {
      await pushBranch("booty/issue-2-body", "body.py");
      const branches = await emulator.branches("octo", "app");
      assert.ok(branches["booty/issue-2-body"], "the pushed branch is on the server");
      const auth = await forge.gitAuth(ref);
      assert.equal(auth.origin, new URL(emulator.url).origin);
      assert.equal(auth.cloneUrl, `${emulator.url}/octo/app.git`);
      assert.ok(!auth.cloneUrl.includes(auth.token));
      const started = Date.now();
      await assert.rejects(
        runGit(["ls-remote", auth.cloneUrl], {
          cwd: work,
          token: "ghp_wrongwrongwrong",
          tokenOrigin: auth.origin,
          timeoutMs: 20_000,
        }),
        (error: unknown) => error instanceof GitError && !error.message.includes("ghp_wrong"),
      );
      assert.ok(Date.now() - started < 10_000);
    });

    test("retries a call that meets a 502, and reports 404 as a permanent ForgeError", async () => {
      emulator.failNext({ method: "GET", path: "/repos/octo/app/issues/1", status: 502, times: 2 });
      assert.equal((await forge.getIssue(ref, 1)).title, "Crash");
      const tries = emulator.requests.filter((r) => r.path === "/repos/octo/app/issues/1").slice(-3);
      assert.deepEqual(
        tries.map((r) => r.status),
        [502, 502, 200],
      );
      const error = await forge.getIssue(ref, 999).catch((caught: unknown) => caught);
      assert.ok(error instanceof ForgeError);
      assert.deepEqual([error.status, error.retryable, error.where], [404, false, "octo/app"]);
      assert.match(
        error.message,
        /^GitHub GET \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\} failed for octo\/app: 404/,
      );
    });

    test("a server that keeps failing ends in a retryable ForgeError", async () => {
      emulator.failNext({ path: "/repos/octo/app", status: 503, times: 10 });
      const error = await forge.getRepository(ref).catch((caught: unknown) => caught);
      emulator.clearFaults();
      assert.ok(error instanceof ForgeError);
      assert.deepEqual([error.status, error.retryable], [503, true]);
      const tries = emulator.requests.filter((r) => r.path === "/repos/octo/app").slice(-4);
      assert.deepEqual(
        tries.map((r) => r.status),
        [503, 503, 503, 503],
        "the first try and three retries",
      );
    });

    if (mode === "app") {
      test("installation tokens are minted once per repository and narrowed to it", async () => {
        const mints = () => emulator.requests.filter((r) => r.path.endsWith("/access_tokens")).length;
        const before = mints();
        const { token } = await forge.gitAuth(ref);
        await forge.getIssue(ref, 1);
        assert.equal(mints(), before, "cached for the repository");
        const elsewhere = await fetch(`${emulator.url}/repos/octo/other`, {
          headers: { authorization: `token ${token}` },
        });
        assert.equal(elsewhere.status, 404, "the token reaches only its repository");
        await forge.getRepository({ owner: "octo", repo: "other" });
        assert.equal(mints(), before + 1, "another repository gets its own token");
      });
    }
  });
}
