import { publicPlainText } from "../../security/public-text.ts";
import { oneLine } from "../../text/clip.ts";
import { runGit } from "../../workspace/git.ts";
import type { Author, Workspace } from "../../workspace/workspace.ts";
import type { OpenRequests } from "./open-requests.ts";
import type { SettledDecision } from "./types.ts";

/** The trailer naming each request a follow-up commit addressed, with its one-line reply. */
const TRAILER = "Booty-review:";
const LINE = /^Booty-review: (thread|review|comment) (\d+) (.+)$/;

/** The follow-up commit's message: what changed, and one trailer per request it addresses. */
export function followUpMessage(o: {
  title: string;
  approach: string;
  pull: number;
  changes: readonly SettledDecision[];
}): string {
  const trailers = o.changes.map((d) => `${TRAILER} ${d.kind} ${d.id} ${oneLine(publicPlainText(d.reply), 200)}`);
  return `${o.title}\n\n${publicPlainText(o.approach.trim())}\n\nFollows up the review of #${o.pull}.\n\n${trailers.join("\n")}\n`;
}

/**
 * An earlier attempt that pushed its follow-up and stopped before replying (a crash, a forge outage)
 * left the branch's head as booty's commit naming requests that are still open (and, in a thread, not
 * replied about yet). This attempt replies for it instead of changing the code a second time. Null when
 * the head is no such commit.
 */
export async function recoverFollowUp(
  ws: Workspace,
  open: OpenRequests,
  self: Author | undefined,
): Promise<SettledDecision[] | null> {
  if (!self) return null;
  const { stdout } = await runGit(["log", "-1", "--format=%ce%x00%B", ws.baseCommit, "--"], { cwd: ws.root });
  const [committer, message = ""] = stdout.split("\0");
  if (committer !== self.email) return null;
  // A thread where booty already replied about this commit is open again because someone asked anew
  // since: that is a new request for a new change, not one this commit answers.
  const named = ws.baseCommit.slice(0, 12);
  const repliedAbout = (t: OpenRequests["threads"][number]) =>
    t.comments.some((c) => c.author.endsWith(" (booty)") && c.body.includes(named));
  const still = new Set([
    ...open.threads.filter((t) => !repliedAbout(t)).map((t) => `thread ${t.id}`),
    ...open.requests.map((r) => `${r.kind} ${r.id}`),
  ]);
  const recovered = message.split("\n").flatMap((line): SettledDecision[] => {
    const m = LINE.exec(line.trim());
    if (!m || !still.has(`${m[1]} ${m[2]}`)) return [];
    return [
      { id: Number(m[2]), kind: m[1] as SettledDecision["kind"], action: "change", reply: m[3] ?? "", files: [] },
    ];
  });
  return recovered.length > 0 ? recovered : null;
}
