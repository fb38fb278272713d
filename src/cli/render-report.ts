import type { RunReport } from "../pipeline/types.ts";
import { formatUsd } from "../text/usd.ts";

/** The human-readable report printed at the end of `booty run` and `booty demo`. */
export function renderReport(report: RunReport): string {
  const lines: string[] = [];
  const ok = report.status === "succeeded";
  lines.push(
    `${ok ? "✔" : "✖"} booty ${report.dryRun ? "dry run" : "run"} ${report.status}${report.scripted ? " (scripted model)" : ""}`,
  );
  if (report.error) lines.push(`  error:    ${report.error.message}`);
  // A failed run keeps no branch: naming it would send the reader looking for something that is not there.
  if (report.branch && ok) lines.push(`  branch:   ${report.branch}${report.dryRun ? " (removed: dry run)" : ""}`);
  if (report.branch && ok && !report.dryRun && report.mirror) {
    lines.push(`  mirror:   ${report.mirror} (booty's copy of the repository holds the branch)`);
    lines.push(`  fetch:    git fetch ${report.mirror} ${report.branch}:${report.branch}`);
  }
  if (report.commit) lines.push(`  commit:   ${report.commit}`);
  if (report.changedFiles.length > 0) lines.push(`  changed:  ${report.changedFiles.join(", ")}`);
  const placed = (report.edits ?? []).map((file) => `${file.path} (${file.rungs.join(", ")})`);
  if (placed.length > 0) lines.push(`  edits:    ${placed.join(", ")}`);
  if (report.leftOut && report.leftOut.length > 0) lines.push(`  left out (budget): ${report.leftOut.join(", ")}`);
  lines.push(`  verified: ${verifiedText(report)}`);
  const v = report.verification;
  if (v?.cannotRun) lines.push(`    the tests cannot run: ${v.cannotRun}`);
  if (v?.reproduction)
    lines.push(
      `    reproduced: ${v.reproduction.path} failing at the base → ${v.reproduction.passes ? "passing" : "still failing"}`,
    );
  for (const t of (v?.targets ?? []).slice(0, 10))
    lines.push(`    target ${t.id}: failing → ${t.after === null ? "passing" : "still failing"}`);
  if ((v?.regressions ?? []).length > 0)
    lines.push(`    regressions: ${(v?.regressions ?? []).slice(0, 5).join(", ")}`);
  const unrelated = (v?.unrelated ?? []).filter((u) => !u.fixed);
  if (unrelated.length > 0)
    lines.push(
      `    unrelated (failing at the base too): ${unrelated
        .slice(0, 5)
        .map((u) => u.id)
        .join(", ")}`,
    );
  for (const round of v?.rounds ?? []) {
    const failures = round.failures.length > 0 ? `: ${round.failures.slice(0, 5).join(", ")}` : "";
    lines.push(`    round ${round.round}: ${round.passed ? "passed" : "failed"} in ${round.durationMs} ms${failures}`);
  }
  lines.push(`  model:    ${report.model}`);
  const cost = formatUsd(report.usage.costUsd);
  lines.push(`  tokens:   ${report.usage.inputTokens} in, ${report.usage.outputTokens} out (${cost})`);
  const steps = Object.entries(report.timings).map(([step, ms]) => `${step} ${ms} ms`);
  if (steps.length > 0) lines.push(`  timings:  ${steps.join(", ")}`);
  if (report.pullRequest) lines.push(`  title:    ${report.pullRequest.title}`);
  return `${lines.join("\n")}\n`;
}

function verifiedText(report: RunReport): string {
  if (report.verified === null) return report.verification?.note ?? "not run";
  const ran = (report.verification?.rounds.length ?? 0) > 0;
  const where = ran && report.verification?.sandboxed === false ? " (tests ran UNSANDBOXED)" : "";
  const note = report.verification?.note ? ` — ${report.verification.note}` : "";
  return `${report.verified ? "yes" : "no"}${where}${note}`;
}
