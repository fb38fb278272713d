import { createRequire } from "node:module";

/**
 * Recorded GitHub deliveries (`@octokit/webhooks-examples`) for the pull-request conversation, pointed
 * at a repository, pull request and people of the emulator. Every field a builder does not set stays as
 * GitHub sent it. Feed them the emulator's summaries, e.g.
 * `reviewPayload({ owner, repo, pull: { number, headRef }, review })` with what `emulator.submitReview` returned.
 */
type Json = Record<string, unknown>;
interface ExampleGroup {
  name: string;
  examples: Json[];
}
const groups = createRequire(import.meta.url)("@octokit/webhooks-examples/api.github.com/index.json") as ExampleGroup[];

/** The example for `event.action`, preferring one recorded for an App installation (the richer, newer shape). */
function example(event: string, action: string, fallback?: string): Json {
  const all = groups.find((group) => group.name === event)?.examples ?? [];
  const matching = all.filter((e) => e.action === action);
  const found = matching.find((e) => e.installation) ?? matching[0];
  if (found) return structuredClone(found);
  if (fallback) return { ...example(event, fallback), action };
  throw new Error(`no ${event}.${action} example`);
}

export interface PayloadRepo {
  owner: string;
  repo: string;
  /** Sets `installation.id`, which booty uses to act as the App on that account. */
  installationId?: number;
}

/** Who did it; logins ending in `[bot]` are bots, as on GitHub. */
export interface PayloadUser {
  login: string;
  type?: "User" | "Bot";
}

export interface PayloadPull {
  number: number;
  /** Who opened it; booty's own bot or token user for the pull requests booty opened. */
  author?: string;
  state?: "open" | "closed";
  title?: string;
  headRef?: string;
  headSha?: string;
  baseRef?: string;
  baseSha?: string;
}

const asUser = (base: unknown, who: PayloadUser | string): Json => {
  const login = typeof who === "string" ? who : who.login;
  const type = (typeof who === "string" ? undefined : who.type) ?? (login.endsWith("[bot]") ? "Bot" : "User");
  // A bot's profile is its App's page (a login with brackets is no valid URL path).
  const html = type === "Bot" ? `apps/${login.replace(/\[bot\]$/, "")}` : encodeURIComponent(login);
  return { ...(base as Json), login, type, html_url: `https://github.com/${html}` };
};

function repository(p: Json, o: PayloadRepo): Json {
  const repo = p.repository as Json;
  return {
    // Recorded before GitHub added it; its schema requires it now.
    has_discussions: false,
    ...repo,
    name: o.repo,
    full_name: `${o.owner}/${o.repo}`,
    owner: asUser(repo.owner, o.owner),
    html_url: `https://github.com/${o.owner}/${o.repo}`,
  };
}

function envelope(p: Json, o: PayloadRepo, sender: PayloadUser | string): Json {
  const installation =
    o.installationId === undefined
      ? p.installation
      : {
          node_id: `MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9u${o.installationId}`,
          ...(p.installation as Json),
          id: o.installationId,
        };
  return {
    ...p,
    repository: repository(p, o),
    sender: asUser(p.sender, sender),
    ...(installation === undefined ? {} : { installation }),
  };
}

function pullRequest(base: unknown, o: PayloadRepo, pull: PayloadPull): Json {
  const pr = base as Json;
  const side = (ref: unknown, name: string | undefined, sha: string | undefined) => ({
    ...(ref as Json),
    ...(name === undefined ? {} : { ref: name, label: `${o.owner}:${name}` }),
    ...(sha === undefined ? {} : { sha }),
    repo: repository({ repository: (ref as Json).repo }, o),
    user: asUser((ref as Json).user, o.owner),
  });
  return {
    ...pr,
    number: pull.number,
    state: pull.state ?? "open",
    title: pull.title ?? pr.title,
    user: asUser(pr.user, pull.author ?? o.owner),
    html_url: `https://github.com/${o.owner}/${o.repo}/pull/${pull.number}`,
    url: `https://api.github.com/repos/${o.owner}/${o.repo}/pulls/${pull.number}`,
    head: side(pr.head, pull.headRef, pull.headSha),
    base: side(pr.base, pull.baseRef ?? "main", pull.baseSha),
  };
}

/** `pull_request_review` (submitted by default; `edited` and `dismissed` too) on pull request `pull`. */
export function reviewPayload(
  o: PayloadRepo & {
    pull: PayloadPull;
    review: { id: number; author: string; state: string; body: string | null; commitId?: string };
    action?: "submitted" | "edited" | "dismissed";
    sender?: PayloadUser | string;
  },
): Json {
  const p = example("pull_request_review", o.action ?? "submitted", "submitted");
  const review = p.review as Json;
  return {
    ...envelope(p, o, o.sender ?? o.review.author),
    review: {
      ...review,
      id: o.review.id,
      user: asUser(review.user, o.review.author),
      state: o.review.state.toLowerCase(),
      body: o.review.body,
      ...(o.review.commitId ? { commit_id: o.review.commitId } : {}),
      html_url: `https://github.com/${o.owner}/${o.repo}/pull/${o.pull.number}#pullrequestreview-${o.review.id}`,
    },
    pull_request: pullRequest(p.pull_request, o, o.pull),
  };
}

/** `pull_request_review_comment` (created by default; `edited`, `deleted`) on a line of pull request `pull`. */
export function reviewCommentPayload(
  o: PayloadRepo & {
    pull: PayloadPull;
    comment: {
      id: number;
      author: string;
      body: string;
      path: string;
      line: number | null;
      reviewId?: number;
      inReplyTo?: number | null;
      diffHunk?: string;
      commitId?: string;
    };
    action?: "created" | "edited" | "deleted";
    sender?: PayloadUser | string;
  },
): Json {
  const p = example("pull_request_review_comment", o.action ?? "created");
  const comment = p.comment as Json;
  const { id, author, body, path, line, reviewId, inReplyTo, diffHunk, commitId } = o.comment;
  return {
    ...envelope(p, o, o.sender ?? author),
    comment: {
      ...comment,
      id,
      user: asUser(comment.user, author),
      body,
      path,
      line,
      original_line: line,
      ...(reviewId === undefined ? {} : { pull_request_review_id: reviewId }),
      ...(inReplyTo ? { in_reply_to_id: inReplyTo } : {}),
      ...(diffHunk === undefined ? {} : { diff_hunk: diffHunk }),
      ...(commitId === undefined ? {} : { commit_id: commitId, original_commit_id: commitId }),
      html_url: `https://github.com/${o.owner}/${o.repo}/pull/${o.pull.number}#discussion_r${id}`,
    },
    pull_request: pullRequest(p.pull_request, o, o.pull),
  };
}

/**
 * `issue_comment` (created by default; `edited` with the previous body, `deleted`) on issue or pull
 * request `number`; `pullRequest: false` makes it a plain issue's comment.
 */
export function issueCommentPayload(
  o: PayloadRepo & {
    number: number;
    comment: { id: number; author: string; body: string };
    pullRequest?: boolean;
    /** Who opened the issue or pull request: by default the owner, or booty's App for a pull request. */
    issueAuthor?: string;
    /** The issue's or pull request's body (booty's carry their verification section). */
    issueBody?: string;
    title?: string;
    action?: "created" | "edited" | "deleted";
    /** For `edited`: the body before the edit. */
    previousBody?: string;
    sender?: PayloadUser | string;
  },
): Json {
  const action = o.action ?? "created";
  const p = example("issue_comment", action);
  const issue = p.issue as Json;
  const comment = p.comment as Json;
  const html = `https://github.com/${o.owner}/${o.repo}/${o.pullRequest === false ? "issues" : "pull"}/${o.number}`;
  const api = `https://api.github.com/repos/${o.owner}/${o.repo}`;
  const { pull_request: _none, ...plain } = issue;
  return {
    ...envelope(p, o, o.sender ?? o.comment.author),
    issue: {
      ...plain,
      number: o.number,
      title: o.title ?? issue.title,
      user: asUser(issue.user, o.issueAuthor ?? (o.pullRequest === false ? o.owner : "booty-emulated[bot]")),
      ...(o.issueBody === undefined ? {} : { body: o.issueBody }),
      html_url: html,
      ...(o.pullRequest === false
        ? {}
        : {
            pull_request: {
              url: `${api}/pulls/${o.number}`,
              html_url: html,
              diff_url: `${html}.diff`,
              patch_url: `${html}.patch`,
              merged_at: null,
            },
          }),
    },
    comment: {
      ...comment,
      id: o.comment.id,
      user: asUser(comment.user, o.comment.author),
      body: o.comment.body,
      html_url: `${html}#issuecomment-${o.comment.id}`,
    },
    ...(action === "edited" ? { changes: { body: { from: o.previousBody ?? "" } } } : {}),
  };
}
