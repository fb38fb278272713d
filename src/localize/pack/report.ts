import type { LocalizeResult } from "../port.ts";

/** Exactly the shape `booty context --json` prints. */
export function contextCommandJson(result: LocalizeResult): {
  files: { path: string; score: number; tokens: number; reasons: string[] }[];
  packed: string[];
  budget: number;
  used: number;
} {
  return {
    files: result.files.map((f) => ({ path: f.path, score: f.score, tokens: f.tokens, reasons: [...f.reasons] })),
    packed: result.packed.map((p) => p.path),
    budget: result.budget,
    used: result.used,
  };
}

/** Human table: rank, packed mark (`*` whole, `~` regions), score, tokens, path, reasons. */
export function formatContextReport(result: LocalizeResult): string {
  if (result.files.length === 0) return "No candidate files (empty repository or empty issue).\n";
  const packed = new Map(result.packed.map((p) => [p.path, p.partial ? "~" : "*"]));
  const width = Math.min(70, Math.max(4, ...result.files.map((f) => f.path.length)));
  const lines = [`  #  fit  score  tokens  ${"path".padEnd(width)}  reasons`];
  result.files.forEach((f, i) => {
    lines.push(
      `${String(i + 1).padStart(3)}  ${(packed.get(f.path) ?? " ").padEnd(3)}  ${f.score.toFixed(3).padStart(5)}  ${String(f.tokens).padStart(6)}  ${f.path.padEnd(width)}  ${f.reasons.join("; ")}`,
    );
  });
  lines.push("");
  lines.push(
    `fit: * whole file, ~ relevant regions only. Packed ${result.packed.length} file(s), ${result.used} of ${result.budget} tokens.`,
  );
  return `${lines.join("\n")}\n`;
}
