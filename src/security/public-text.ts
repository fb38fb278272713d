/**
 * Neutralises text booty posts where other people read it (pull request bodies, commit messages, issue
 * comments). Model answers and error messages that quote repository content are hostile: they must not
 * close other issues, ping people, hide the rest of the page in an HTML comment, or show host paths.
 */

export interface PublicTextContext {
  /** The job's own issue: the one closing keyword that may stay live. */
  issue?: number | undefined;
  /** `owner/name` of the job's repository, so that `owner/name#N` counts as the own issue too. */
  repo?: string | undefined;
}

const HTML_COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const CLOSING =
  /\b(close[sd]?|fix(?:e[sd])?|resolve[sd]?)(\s*:?\s+)(https?:\/\/[^\s/]+\/[\w.-]+\/[\w.-]+\/(?:issues|pull)\/\d+|(?:([\w.-]+\/[\w.-]+))?#(\d+))\b/gi;
const MENTION = /(^|[^\w`&/.])@([A-Za-z0-9](?:[\w-]*[A-Za-z0-9])?(?:\/[\w.-]+)?)/g;
// An absolute path of two or more components, not part of a URL or a relative path.
const HOST_PATH = /(?<![\w:/.~-])\/(?:[\w.+@-]+\/)+[\w.+@-]*/g;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** Markdown that renders model text as text: for PR bodies and comments. Code spans and blocks are kept. */
export function publicMarkdown(text: string, ctx: PublicTextContext = {}): string {
  return splitCode(closeFences(text.replace(HTML_COMMENT, "")))
    .map(([part, code]) => (code ? part : escapeHtml(defang(part, ctx))))
    .join("");
}

/** Plain text (a commit message): closing keywords and mentions defanged, HTML left alone. */
export function publicPlainText(text: string, ctx: PublicTextContext = {}): string {
  return defang(text, ctx);
}

/** Host paths (data dir, temp dirs, mirrors) replaced by their last component, for public comments. */
export function withoutHostPaths(text: string): string {
  return text.replace(HOST_PATH, (path) => `…/${path.replace(/\/+$/, "").split("/").pop() ?? ""}`);
}

function defang(text: string, ctx: PublicTextContext): string {
  return text
    .replace(CLOSING, (match, keyword: string, gap: string, ref: string, repo?: string, n?: string) => {
      const own = Number(n) === ctx.issue && (repo === undefined || repo.toLowerCase() === ctx.repo?.toLowerCase());
      return own && n !== undefined ? match : `${keyword}${gap}\`${ref}\``;
    })
    .replace(MENTION, (_match, before: string, name: string) => `${before}\`@${name}\``);
}

/** `<` and `>` outside code as entities: raw HTML (`<details>`, `<img>`, `<a>`) renders as text. */
function escapeHtml(text: string): string {
  return text.replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** An unclosed fence would swallow everything booty writes after the text: close it. */
function closeFences(text: string): string {
  let open: string | null = null;
  for (const line of text.split("\n")) {
    const fence = FENCE.exec(line)?.[1];
    if (!fence) continue;
    if (open === null) open = fence;
    else if (fence[0] === open[0] && fence.length >= open.length) open = null;
  }
  return open === null ? text : `${text}\n${open}`;
}

/** [text, isCode] parts: fenced blocks and inline code spans are code, the rest is prose. */
function splitCode(text: string): [string, boolean][] {
  const parts: [string, boolean][] = [];
  const code = /(^ {0,3}(`{3,}|~{3,})[^\n]*\n[\s\S]*?\n {0,3}\2[^\n]*$)|(`+)[^`]+?\3/gm;
  let last = 0;
  for (const match of text.matchAll(code)) {
    parts.push([text.slice(last, match.index), false], [match[0], true]);
    last = match.index + match[0].length;
  }
  parts.push([text.slice(last), false]);
  return parts;
}
