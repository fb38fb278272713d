import { spawn } from "node:child_process";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { readCredential } from "./auth.ts";
import { type EmulatorStore, tokenAllows, tokenReaches } from "./store.ts";

/** `/OWNER/REPO.git/<rest>` as git's smart HTTP client asks for it. */
export const GIT_PATH = /^\/([^/]+)\/([^/]+?)\.git(\/.*)$/;

function refuse(res: ServerResponse, status: number, message: string, challenge: boolean): number {
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    // Without a challenge on 401 git cannot tell "ask for credentials" from a hard failure.
    ...(challenge ? { "www-authenticate": 'Basic realm="GitHub"' } : {}),
  });
  res.end(`${message}\n`);
  return status;
}

/**
 * Serves clone, fetch and push through the real `git http-backend` (CGI), after GitHub's checks: a
 * token is required even to read, it must reach the repository, and pushing needs contents:write.
 */
export async function serveGit(req: IncomingMessage, res: ServerResponse, store: EmulatorStore, url: URL) {
  const match = GIT_PATH.exec(url.pathname);
  const repo = match ? store.repo(match[1] ?? "", match[2] ?? "") : undefined;
  const token = store.validToken(readCredential(req.headers)?.value);
  if (!token) return refuse(res, 401, "Invalid username or token.", true);
  if (!repo || !match || !tokenReaches(token, repo)) return refuse(res, 404, "Repository not found.", false);
  const pushing = url.pathname.endsWith("/git-receive-pack") || url.searchParams.get("service") === "git-receive-pack";
  if (!tokenAllows(token, pushing ? "contents:write" : "contents:read")) {
    return refuse(res, 403, `Permission to ${repo.owner.login}/${repo.name}.git denied to ${token.user.login}.`, false);
  }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: store.root,
    GIT_CONFIG_NOSYSTEM: "1",
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: "http.receivepack",
    GIT_CONFIG_VALUE_0: "true",
    GIT_PROJECT_ROOT: store.root,
    GIT_HTTP_EXPORT_ALL: "1",
    GATEWAY_INTERFACE: "CGI/1.1",
    SERVER_PROTOCOL: "HTTP/1.1",
    REQUEST_METHOD: req.method ?? "GET",
    PATH_INFO: `/${path.relative(store.root, repo.dir)}${match[3]}`,
    QUERY_STRING: url.search.replace(/^\?/, ""),
    REMOTE_USER: token.user.login,
    REMOTE_ADDR: req.socket.remoteAddress ?? "127.0.0.1",
  };
  const headerEnv: Array<[string, string | undefined]> = [
    ["CONTENT_TYPE", req.headers["content-type"]],
    ["CONTENT_LENGTH", req.headers["content-length"]],
    ["HTTP_CONTENT_ENCODING", req.headers["content-encoding"]],
    ["HTTP_GIT_PROTOCOL", req.headers["git-protocol"] as string | undefined],
  ];
  for (const [key, value] of headerEnv) if (value) env[key] = value;
  return new Promise<number>((resolve) => {
    const child = spawn("git", ["http-backend"], { env, stdio: ["pipe", "pipe", "pipe"] });
    req.pipe(child.stdin);
    child.stdin.on("error", () => {});
    let head = Buffer.alloc(0);
    let status = 200;
    let started = false;
    child.stdout.on("data", (chunk: Buffer) => {
      if (started) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n") >= 0 ? head.indexOf("\r\n\r\n") : head.indexOf("\n\n");
      if (end < 0) return;
      const separator = head.indexOf("\r\n\r\n") >= 0 ? 4 : 2;
      const headers: Record<string, string> = {};
      for (const line of head.subarray(0, end).toString("latin1").split(/\r?\n/)) {
        const colon = line.indexOf(":");
        if (colon < 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (name === "status") status = Number.parseInt(value, 10) || 500;
        else headers[name] = value;
      }
      started = true;
      res.writeHead(status, headers);
      res.write(head.subarray(end + separator));
    });
    const stderr: Buffer[] = [];
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    child.on("close", (code) => {
      if (!started) {
        status = 500;
        res.writeHead(500, { "content-type": "text/plain" });
        res.write(`git http-backend exited with ${code}: ${Buffer.concat(stderr).toString("utf8")}`);
      }
      res.end();
      resolve(status);
    });
  });
}
