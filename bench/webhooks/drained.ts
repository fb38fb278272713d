/** Polls /readyz until the intake's backlog is empty: how long acknowledged deliveries took to reach the database. */
export async function waitDrained(url: string, timeoutMs = 120_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const res = await fetch(`${url}/readyz`);
    const body = (await res.json()) as { backlog?: number };
    if (res.ok && (body.backlog ?? 0) === 0) return performance.now() - started;
    if (performance.now() - started > timeoutMs) throw new Error(`backlog still ${body.backlog} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
