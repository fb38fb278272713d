import { createPublicKey, generateKeyPairSync } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Fault, FaultPlan } from "./faults.ts";
import { commitFiles, initBareRepo, listBranches } from "./git-repo.ts";
import { conversationHelpers, type PullConversation } from "./people.ts";
import { handler } from "./server.ts";
import { EmulatorStore } from "./store.ts";
import { type CommentSummary, type IssueSummary, type PullSummary, pullSummary, requireRepo } from "./summaries.ts";
import type { RepoPermission, RequestLogEntry, TokenPermissions } from "./types.ts";

export type { Fault } from "./faults.ts";
export type * from "./people.ts";
export { ROUTES } from "./server.ts";
export type { CommentSummary, IssueSummary, PullSummary } from "./summaries.ts";
export type { RepoPermission, RequestLogEntry, TokenPermissions } from "./types.ts";

export interface EmulatorOptions {
  port?: number;
  /** Where bare repositories live; a temp dir (removed on close) by default. */
  root?: string;
  /** The GitHub App the emulator trusts. A key pair is generated when neither key is given. */
  app?: { id?: number; slug?: string; privateKeyPem?: string; publicKeyPem?: string };
  /** Lifetime of minted tokens; one hour like GitHub by default. */
  tokenTtlMs?: number;
  now?: () => number;
}

/** What an installation token may do by default: what booty asks for. */
export const DEFAULT_INSTALLATION_PERMISSIONS: TokenPermissions = {
  contents: "write",
  issues: "write",
  pull_requests: "write",
  checks: "write",
  metadata: "read",
};

export interface Emulator extends PullConversation {
  /** http://127.0.0.1:PORT — the API base URL and the git host at once. */
  readonly url: string;
  readonly root: string;
  readonly app: { id: number; slug: string; privateKeyPem: string | undefined; publicKeyPem: string };
  /** Every request served, oldest first (method, path with query, status); never credentials. */
  readonly requests: readonly RequestLogEntry[];
  createRepo(opts: {
    owner: string;
    repo: string;
    defaultBranch?: string;
    private?: boolean;
    files?: Record<string, string>;
  }): Promise<{ cloneUrl: string; fullName: string; head: string }>;
  /**
   * Commits files on a branch of the bare repository; a new branch starts from `from` (the default
   * branch unless given), like a person branching off before their first commit.
   */
  commit(opts: {
    owner: string;
    repo: string;
    branch: string;
    files: Record<string, string>;
    message?: string;
    from?: string;
  }): Promise<string>;
  createIssue(opts: {
    owner: string;
    repo: string;
    title: string;
    body?: string | null;
    author?: string;
    labels?: string[];
    state?: "open" | "closed";
  }): { number: number };
  /** A comment by anyone (e.g. a user quoting booty's marker). */
  addComment(opts: { owner: string; repo: string; number: number; author: string; body: string }): { id: number };
  setPermission(owner: string, repo: string, user: string, permission: RepoPermission): void;
  addInstallation(opts: { account: string; repos?: string[] | "all"; permissions?: TokenPermissions }): { id: number };
  /** A personal access token (or, with `repos`/`permissions`, a fine-grained one). */
  issueToken(opts?: { login?: string; repos?: string[]; permissions?: TokenPermissions; ttlMs?: number }): string;
  issue(owner: string, repo: string, number: number): IssueSummary | undefined;
  pulls(owner: string, repo: string): PullSummary[];
  comments(owner: string, repo: string, number: number): CommentSummary[];
  branches(owner: string, repo: string): Promise<Record<string, string>>;
  /** Makes the next matching request(s) fail, e.g. `{ path: "/repos/o/r", status: 502, times: 2 }`. */
  failNext(fault: Fault): void;
  /** Drops every planned failure not yet used. */
  clearFaults(): void;
  close(): Promise<void>;
}

function appKeys(opts: EmulatorOptions["app"]): { privateKeyPem: string | undefined; publicKeyPem: string } {
  if (opts?.publicKeyPem) return { privateKeyPem: opts.privateKeyPem, publicKeyPem: opts.publicKeyPem };
  if (opts?.privateKeyPem) {
    return {
      privateKeyPem: opts.privateKeyPem,
      publicKeyPem: createPublicKey(opts.privateKeyPem).export({ type: "spki", format: "pem" }).toString(),
    };
  }
  // PKCS#1, the format GitHub hands out when an App's key is generated.
  const pair = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    privateKeyPem: pair.privateKey.export({ type: "pkcs1", format: "pem" }).toString(),
    publicKeyPem: pair.publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

export async function startGitHubEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const ownRoot = opts.root === undefined;
  const root = opts.root ?? (await mkdtemp(path.join(tmpdir(), "booty-github-emulator-")));
  const keys = appKeys(opts.app);
  const store = new EmulatorStore({
    root,
    now: opts.now ?? Date.now,
    tokenTtlMs: opts.tokenTtlMs ?? 60 * 60 * 1000,
    app: {
      id: opts.app?.id ?? 4242,
      slug: opts.app?.slug ?? "booty-emulated",
      name: "booty (emulated)",
      ownerLogin: "booty-dev",
      ...keys,
    },
  });
  const faults = new FaultPlan();
  let url = "";
  const server = createServer(handler(store, faults, () => url));
  server.keepAliveTimeout = 1000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
    });
  } catch (error) {
    // Nothing was served from the temp dir yet: it goes with the failed start.
    if (ownRoot) await rm(root, { recursive: true, force: true });
    throw error;
  }
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    ...conversationHelpers(store, url),
    url,
    root,
    app: { id: store.app.id, slug: store.app.slug, ...keys },
    requests: store.requests,
    async createRepo(repoOpts) {
      const owner = store.user(repoOpts.owner);
      const key = `${repoOpts.owner}/${repoOpts.repo}`.toLowerCase();
      if (store.repos.has(key)) throw new Error(`emulator: ${key} already exists`);
      const defaultBranch = repoOpts.defaultBranch ?? "main";
      const dir = path.join(root, `${key}.git`);
      await initBareRepo(dir, defaultBranch);
      store.repos.set(key, {
        id: store.nextId(),
        owner,
        name: repoOpts.repo,
        defaultBranch,
        private: repoOpts.private ?? false,
        dir,
        createdAt: store.stamp(),
        issues: new Map(),
        labels: new Map(),
        permissions: new Map(),
        nextNumber: 1,
        reviews: [],
        reviewComments: [],
        resolvedThreads: new Set(),
        reactions: [],
        checkRuns: [],
        statuses: [],
      });
      const files = repoOpts.files ?? { "README.md": `# ${repoOpts.repo}\n` };
      const head = await commitFiles(dir, defaultBranch, files, "Initial commit");
      return {
        cloneUrl: `${url}/${repoOpts.owner}/${repoOpts.repo}.git`,
        fullName: `${repoOpts.owner}/${repoOpts.repo}`,
        head,
      };
    },
    commit({ owner, repo, branch, files, message, from }) {
      const state = requireRepo(store, owner, repo);
      return commitFiles(state.dir, branch, files, message ?? "Update files", from ?? state.defaultBranch);
    },
    createIssue(issueOpts) {
      const repo = requireRepo(store, issueOpts.owner, issueOpts.repo);
      const now = store.stamp();
      const number = repo.nextNumber++;
      for (const name of issueOpts.labels ?? []) {
        if (!repo.labels.has(name.toLowerCase())) {
          repo.labels.set(name.toLowerCase(), { id: store.nextId(), name, color: "ededed", description: null });
        }
      }
      repo.issues.set(number, {
        id: store.nextId(),
        number,
        title: issueOpts.title,
        body: issueOpts.body === undefined ? "" : issueOpts.body,
        state: issueOpts.state ?? "open",
        labels: [...(issueOpts.labels ?? [])],
        author: store.user(issueOpts.author ?? repo.owner.login),
        comments: [],
        createdAt: now,
        updatedAt: now,
        closedAt: issueOpts.state === "closed" ? now : null,
      });
      return { number };
    },
    addComment({ owner, repo, number, author, body }) {
      const issue = requireRepo(store, owner, repo).issues.get(number);
      if (!issue) throw new Error(`emulator: no issue ${owner}/${repo}#${number}`);
      const now = store.stamp();
      const comment = { id: store.nextId(), body, author: store.user(author), createdAt: now, updatedAt: now };
      issue.comments.push(comment);
      return { id: comment.id };
    },
    setPermission(owner, repo, user, permission) {
      store.user(user);
      requireRepo(store, owner, repo).permissions.set(user.toLowerCase(), permission);
    },
    addInstallation({ account, repos, permissions }) {
      const id = store.nextId();
      store.installations.set(id, {
        id,
        account: store.user(account),
        repos: repos ?? "all",
        permissions: permissions ?? DEFAULT_INSTALLATION_PERMISSIONS,
        createdAt: store.stamp(),
      });
      return { id };
    },
    issueToken(tokenOpts = {}) {
      return store.mintToken({
        prefix: "ghp",
        user: store.user(tokenOpts.login ?? "booty-user"),
        repos: tokenOpts.repos,
        permissions: tokenOpts.permissions,
        ttlMs: tokenOpts.ttlMs,
      }).token;
    },
    issue(owner, repo, number) {
      const issue = requireRepo(store, owner, repo).issues.get(number);
      if (!issue) return undefined;
      const { title, body, state } = issue;
      return {
        number,
        title,
        body,
        state,
        labels: [...issue.labels],
        author: issue.author.login,
        isPullRequest: !!issue.pull,
      };
    },
    pulls(owner, repo) {
      const issues = [...requireRepo(store, owner, repo).issues.values()];
      return issues.filter((issue) => issue.pull).map(pullSummary);
    },
    comments(owner, repo, number) {
      const issue = requireRepo(store, owner, repo).issues.get(number);
      return (issue?.comments ?? []).map((comment) => ({
        id: comment.id,
        body: comment.body,
        author: comment.author.login,
        createdAt: comment.createdAt,
        updatedAt: comment.updatedAt,
        history: comment.history ?? [comment.body],
      }));
    },
    branches(owner, repo) {
      return listBranches(requireRepo(store, owner, repo).dir);
    },
    failNext(fault) {
      faults.add(fault);
    },
    clearFaults() {
      faults.clear();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (ownRoot) await rm(root, { recursive: true, force: true });
    },
  };
}
