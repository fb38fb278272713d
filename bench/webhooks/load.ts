import { Agent, request } from "node:http";

export interface Delivery {
  headers: Record<string, string>;
  body: Buffer;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
}

/** Posts every delivery with `concurrency` requests in flight over kept-alive connections. */
export async function postAll(url: string, deliveries: Delivery[], concurrency: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let next = 0;
  const started = performance.now();
  const lane = async () => {
    while (next < deliveries.length) {
      const d = deliveries[next++] as Delivery;
      const t0 = performance.now();
      const status = await post(url, d, agent);
      latencies.push(performance.now() - t0);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: deliveries.length,
    seconds,
    perSecond: deliveries.length / seconds,
    p50: at(0.5),
    p99: at(0.99),
    statuses,
  };
}

function post(url: string, d: Delivery, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/webhooks/github`,
      { method: "POST", agent, headers: { ...d.headers, "content-length": String(d.body.length) } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(d.body);
  });
}
