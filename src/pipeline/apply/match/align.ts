/** Line alignment by longest common subsequence, for mapping a search block onto a replacement or a file. */
export type Op = { kind: "keep"; a: number; b: number } | { kind: "del"; a: number } | { kind: "ins"; b: number };

/** Past this many cells the table costs more than the answer is worth: only common ends are kept. */
const MAX_CELLS = 4_000_000;

/** Edit script turning `a` into `b`; within a change, deletions come before insertions. */
export function alignLines(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  const ops: Op[] = [];
  for (let i = 0; i < head; i++) ops.push({ kind: "keep", a: i, b: i });
  for (const op of middle(midA, midB)) ops.push(shift(op, head));
  for (let i = tail; i > 0; i--) ops.push({ kind: "keep", a: a.length - i, b: b.length - i });
  return ops;
}

function shift(op: Op, by: number): Op {
  if (op.kind === "keep") return { kind: "keep", a: op.a + by, b: op.b + by };
  if (op.kind === "del") return { kind: "del", a: op.a + by };
  return { kind: "ins", b: op.b + by };
}

function middle(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || n * m > MAX_CELLS) {
    return [...a.map((_, i): Op => ({ kind: "del", a: i })), ...b.map((_, j): Op => ({ kind: "ins", b: j }))];
  }
  // suffix[i][j]: LCS length of a[i..] and b[j..], in one flat array.
  const width = m + 1;
  const suffix = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      suffix[i * width + j] =
        a[i] === b[j]
          ? (suffix[(i + 1) * width + j + 1] ?? 0) + 1
          : Math.max(suffix[(i + 1) * width + j] ?? 0, suffix[i * width + j + 1] ?? 0);
    }
  }
  const ops: Op[] = [];
  const inserts: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push(...inserts.splice(0));
      ops.push({ kind: "keep", a: i++, b: j++ });
    } else if (j >= m || (i < n && (suffix[(i + 1) * width + j] ?? 0) >= (suffix[i * width + j + 1] ?? 0))) {
      ops.push({ kind: "del", a: i++ });
    } else {
      inserts.push({ kind: "ins", b: j++ });
    }
  }
  ops.push(...inserts);
  return ops;
}
