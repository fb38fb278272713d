import assert from "node:assert/strict";
import { request } from "node:http";
import { after, describe, it } from "node:test";
import { jobIdFor } from "../../src/queue/index.ts";
import { dashboardOnStore, queueJob } from "./support.ts";

const TOKEN = "a-dashboard-token-0123456789";

/** A raw GET, for paths fetch would normalise first (`//`). */
function rawGet(url: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => {
        body += d.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** What a person sees for a request the dashboard cannot answer: a page of ours, one line why, no trace. */
async function refused(url: string, status: number, why: RegExp): Promise<string> {
  const res = await fetch(url, { redirect: "manual" });
  const body = await res.text();
  assert.equal(res.status, status, `${url}: ${body}`);
  assert.match(res.headers.get("content-type") ?? "", /^text\/html/, url);
  assert.match(res.headers.get("content-security-policy") ?? "", /script-src 'self'/, url);
  const said = /<p class="error">([^\n]*)<\/p>/.exec(body)?.[1] ?? "";
  assert.match(said, why, url);
  assert.doesNotMatch(body, /\n\s+at \S+ \(|Error:|node:internal/, `${url}: no stack trace`);
  return body;
}

describe("requests the dashboard cannot answer as asked", async () => {
  const { store, ui, serve, close } = await dashboardOnStore();
  after(close);
  const job = await queueJob(store, { delivery: "d-1", repo: "octo/calc", issue: 3, title: "Add subtract" });

  it("a bad page number, state, outcome or window is a 400 naming the parameter and what it takes", async () => {
    await refused(`${ui.url}jobs?page=-1`, 400, /^page=-1: expected a whole number from 1 to 10000$/);
    await refused(`${ui.url}jobs?page=abc`, 400, /^page=abc: expected a whole number/);
    await refused(`${ui.url}jobs?page=0`, 400, /^page=0: expected a whole number/);
    await refused(`${ui.url}deliveries?page=2.5`, 400, /^page=2.5: expected a whole number/);
    await refused(`${ui.url}jobs?state=bogus`, 400, /^state=bogus: expected one of queued, running, succeeded/);
    const hostile = await refused(`${ui.url}jobs?state=${encodeURIComponent("<img src=x>")}`, 400, /^state=/);
    assert.doesNotMatch(hostile, /<img src=x>/, "the value is escaped");
    await refused(
      `${ui.url}deliveries?outcome=lost`,
      400,
      /^outcome=lost: expected one of accepted, ignored, refused$/,
    );
    await refused(`${ui.url}totals?days=5`, 400, /^days=5: expected one of 7, 30, 90$/);
  });

  it("empty and unknown parameters are no filter at all; a page past the last says so", async () => {
    for (const query of ["state=&repo=&q=&page=", "utm_source=mail", "page=1"]) {
      const res = await fetch(`${ui.url}jobs?${query}`);
      assert.equal(res.status, 200, query);
      assert.match(await res.text(), /Add subtract/, query);
    }
    const far = await (await fetch(`${ui.url}jobs?page=7&repo=octo/calc`)).text();
    assert.match(far, /No jobs on page 7: <a href="\/ui\/jobs\?repo=octo%2Fcalc">back to the first page<\/a>/);
    assert.doesNotMatch(far, /No jobs yet/);
  });

  it("a repository's name on the lists leads to that repository's jobs or deliveries alone", async () => {
    await queueJob(store, { delivery: "d-other", repo: "octo/other", issue: 4, title: "Add divide" });
    for (const [list, shown] of [
      ["jobs", /Add subtract/],
      ["deliveries", /d-1/],
    ] as const) {
      const page = await (await fetch(`${ui.url}${list}`)).text();
      const href = new RegExp(`<a class="repo" href="(/ui/${list}\\?repo=octo%2Fcalc)"[^>]*>octo/calc</a>`).exec(
        page,
      )?.[1];
      assert.ok(href, `${list}: ${page}`);
      const only = await (await fetch(new URL(href, ui.url))).text();
      assert.match(only, shown);
      assert.doesNotMatch(only, /octo\/other</, `${list}: the other repository's rows are left out`);
      // GitHub's names are case-insensitive, and so is the filter a person types.
      const typed = await (await fetch(`${ui.url}${list}?repo=Octo/Calc`)).text();
      assert.match(typed, shown, `${list}: Octo/Calc is octo/calc`);
      assert.doesNotMatch(typed, /octo\/other</);
    }
  });

  it("a job that does not exist, a malformed id and an unknown page are 404 pages saying which", async () => {
    await refused(
      `${ui.url}jobs/00000000-0000-4000-8000-000000000000`,
      404,
      /^No job 00000000-0000-4000-8000-000000000000\.$/,
    );
    const bad = await refused(
      `${ui.url}jobs/${encodeURIComponent("<script>alert(1)</script>")}`,
      404,
      /^No job &lt;script&gt;/,
    );
    assert.doesNotMatch(bad, /<script>alert/);
    await refused(
      `${ui.url}jobs/%E0%A4%A`,
      404,
      /^No job %E0%A4%A: a job id \(or its start\) is 4 to 32 hexadecimal digits\.$/,
    );
    await refused(`${ui.url}jobs/${job.slice(0, 3)}`, 404, /^No job [0-9a-f]{3}: a job id \(or its start\) is 4 to 32/);
    // Two jobs whose ids start alike: a prefix both share names neither.
    const seen = new Map<string, string>();
    let twins: [string, string] | null = null;
    for (let i = 0; !twins; i++) {
      const start = jobIdFor(`twin-${i}`).slice(0, 4);
      const other = seen.get(start);
      if (other) twins = [other, `twin-${i}`];
      else seen.set(start, `twin-${i}`);
    }
    for (const [n, delivery] of twins.entries())
      await queueJob(store, { delivery, repo: "octo/calc", issue: 10 + n, title: `Twin ${n}` });
    const shared = jobIdFor(twins[0]).slice(0, 4);
    await refused(`${ui.url}jobs/${shared}`, 404, new RegExp(`^2 jobs start with ${shared}: give more of the id\\.$`));
    await refused(`${ui.url}nothing-here`, 404, /^There is no page \/ui\/nothing-here here\.$/);
    const found = await fetch(`${ui.url}jobs/${job.slice(0, 8)}`);
    assert.equal(found.status, 200, "a job's short id, as the list shows it, opens it");
    assert.match(await found.text(), /Add subtract/);
  });

  it("a path that is no URL is a 400; the root and a trailing slash lead to the page meant", async () => {
    const raw = await rawGet(ui.url, "//");
    assert.equal(raw.status, 400);
    assert.equal(raw.body, "bad request: the path is not a URL\n");
    const root = await fetch(new URL("/", ui.url), { redirect: "manual" });
    assert.equal(root.status, 303);
    assert.equal(root.headers.get("location"), "/ui/jobs");
    const slash = await fetch(`${ui.url}jobs/?state=queued`, { redirect: "manual" });
    assert.equal(slash.status, 308);
    assert.equal(slash.headers.get("location"), "/ui/jobs?state=queued");
  });

  it("HEAD is answered as GET, without a body; anything that would write is a 405", async () => {
    const head = await fetch(`${ui.url}jobs`, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.match(head.headers.get("content-type") ?? "", /^text\/html/);
    assert.equal(await head.text(), "");
    assert.equal((await fetch(`${ui.url}static/app.css`, { method: "HEAD" })).status, 200);
    for (const [method, path] of [
      ["POST", "jobs"],
      ["DELETE", `jobs/${job}`],
      ["HEAD", "events"],
    ] as const) {
      const res = await fetch(`${ui.url}${path}`, { method });
      assert.equal(res.status, 405, `${method} ${path}`);
      await res.body?.cancel();
    }
  });

  it("with a token: the 401 names the scheme, and the scheme's name is read in any case", async () => {
    const locked = await serve(TOKEN);
    const none = await fetch(`${locked.url}jobs`);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get("www-authenticate"), "Bearer");
    for (const scheme of ["Bearer", "bearer", "BEARER"]) {
      const res = await fetch(`${locked.url}jobs`, { headers: { authorization: `${scheme} ${TOKEN}` } });
      assert.equal(res.status, 200, scheme);
    }
    const events = await fetch(`${locked.url}events`);
    assert.equal(events.status, 401, "the live feed the pages read is under the same rule");
    await events.body?.cancel();
    const bad = await fetch(`${locked.url}jobs?page=abc`);
    assert.equal(bad.status, 401, "the token is asked for before the query is looked at");
  });
});

describe("signing in from a page asked for", async () => {
  const { store, serve, close } = await dashboardOnStore();
  after(close);
  const job = await queueJob(store, { delivery: "d-1", repo: "octo/calc", issue: 3, title: "Add subtract" });

  it("leads back to that page once signed in, and never to another site", async () => {
    const locked = await serve(TOKEN);
    const asked = `/ui/jobs/${job}?x=1`;
    const form = await (await fetch(new URL(asked, locked.url))).text();
    assert.match(form, new RegExp(`<input type="hidden" name="next" value="${asked.replace("?", "\\?")}">`));
    const signIn = async (next: string, token = TOKEN) => {
      const body = new URLSearchParams({ token, next });
      const res = await fetch(`${locked.url}login`, { method: "POST", body, redirect: "manual" });
      await res.body?.cancel();
      return res;
    };
    assert.equal((await signIn(asked)).headers.get("location"), asked);
    for (const elsewhere of ["https://evil.example/ui/jobs", "//evil.example/ui/", "/ui/login", "/\\evil.example"])
      assert.equal((await signIn(elsewhere)).headers.get("location"), "/ui/jobs", elsewhere);
    const wrong = await fetch(`${locked.url}login`, {
      method: "POST",
      body: new URLSearchParams({ token: "not-the-token-000000000000", next: asked }),
    });
    assert.equal(wrong.status, 401);
    assert.match(
      await wrong.text(),
      new RegExp(`name="next" value="${asked.replace("?", "\\?")}"`),
      "kept for the next try",
    );
  });
});
