import assert from "node:assert/strict";
import { request } from "node:http";
import { after, describe, it } from "node:test";
import { dashboardOnStore } from "./support.ts";

const TOKEN = "a-dashboard-token-0123456789";

/** A GET with the headers given (Host included, which fetch will not set). */
function get(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("who may read the dashboard", async () => {
  const { ui: open, serve, close } = await dashboardOnStore();
  after(close);

  it("with BOOTY_UI_TOKEN set: no token 401, a wrong one 401, the right one 200", async () => {
    const ui = await serve(TOKEN);
    const jobs = `${ui.url}jobs`;
    assert.equal((await get(jobs, {})).status, 401);
    assert.equal((await get(jobs, { authorization: "Bearer not-the-token-000000000" })).status, 401);
    assert.equal((await get(jobs, { authorization: `Bearer ${TOKEN}x` })).status, 401, "longer is wrong too");
    assert.equal((await get(jobs, { cookie: `booty_ui=${TOKEN}` })).status, 401, "the token is not the session");
    const right = await get(jobs, { authorization: `Bearer ${TOKEN}` });
    assert.equal(right.status, 200);
    assert.match(String(right.headers["content-security-policy"]), /default-src 'self'/);
    assert.doesNotMatch(String(right.headers["content-security-policy"]), /unsafe-inline|unsafe-eval/);
    // The login form: a wrong token 401, the right one a session cookie that then opens the pages.
    const login = (token: string) =>
      fetch(`${ui.url}login`, { method: "POST", body: new URLSearchParams({ token }), redirect: "manual" });
    assert.equal((await login("wrong-token-00000000000000")).status, 401);
    const signedIn = await login(TOKEN);
    assert.equal(signedIn.status, 303);
    const setCookie = signedIn.headers.get("set-cookie") ?? "";
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Strict/);
    assert.equal((await get(jobs, { cookie: setCookie.split(";")[0] ?? "" })).status, 200);
  });

  it("without a token: this machine only, called by a loopback name", async () => {
    const ui = open;
    const jobs = `${ui.url}jobs`;
    assert.equal((await get(jobs, {})).status, 200);
    // A page elsewhere whose name was made to point at 127.0.0.1 (DNS rebinding) is refused.
    assert.equal((await get(jobs, { host: "evil.example:80" })).status, 403);
    assert.equal(
      (await get(`${ui.url}static/app.js`, { host: "evil.example" })).status,
      200,
      "static files are public",
    );
  });
});
