import { execFile, spawn } from "node:child_process";
import { closeSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Delivery, LoadResult } from "./load.ts";

/** wrk, when the machine has it (Debian's package `wrk`). */
export async function hasWrk(): Promise<boolean> {
  return new Promise((resolve) => execFile("wrk", ["--version"], (error) => resolve(error?.code !== "ENOENT")));
}

/**
 * Posts every delivery once through wrk: one thread, `concurrency` kept-alive connections, stopping
 * when the last answer is in. The requests are written out whole beforehand, so wrk spends its time on
 * the network and not on building them.
 */
export async function wrkAll(
  url: string,
  deliveries: Delivery[],
  concurrency: number,
  scratch: string,
): Promise<LoadResult> {
  const { host } = new URL(url);
  const file = join(scratch, "requests.bin");
  const fd = openSync(file, "w");
  for (const d of deliveries) {
    const head = [
      "POST /webhooks/github HTTP/1.1",
      `Host: ${host}`,
      ...Object.entries(d.headers).map(([k, v]) => `${k}: ${v}`),
      `Content-Length: ${d.body.length}`,
      "",
      "",
    ].join("\r\n");
    const request = Buffer.concat([Buffer.from(head), d.body]);
    writeSync(fd, `${request.length}\n`);
    writeSync(fd, request);
  }
  closeSync(fd);
  const script = join(import.meta.dirname, "wrk.lua");
  const child = spawn("wrk", ["-t1", `-c${concurrency}`, "-d120s", "--timeout", "10s", "-s", script, url, "--", file], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (text: string) => {
    stdout += text;
    // wrk runs for its whole -d unless interrupted; the script says when the last answer is in.
    if (/^done$/m.test(stdout)) child.kill("SIGINT");
  });
  // "close", not "exit": the summary is the last thing wrk prints, and may still be in the pipe at exit.
  const code = await new Promise<number | null>((resolve) => child.once("close", resolve));
  const line = stdout.split("\n").find((l) => l.startsWith("{"));
  if (!line) throw new Error(`wrk (exit ${code}) printed no summary:\n${stdout}`);
  const s = JSON.parse(line) as Record<string, number>;
  if ((s.socketErrors ?? 0) > 0) throw new Error(`wrk: socket errors (${line})`);
  const requests = deliveries.length;
  if ((s.answered ?? 0) < requests || (s.us ?? 0) <= 0) {
    throw new Error(`wrk: only ${s.answered ?? 0} of ${requests} deliveries were answered within its run (${line})`);
  }
  const seconds = (s.us ?? 0) / 1e6;
  return {
    requests,
    seconds,
    perSecond: requests / seconds,
    p50: (s.p50 ?? 0) / 1000,
    p99: (s.p99 ?? 0) / 1000,
    // Known: answers to the few repeats sent after the last delivery count too (see wrk.lua).
    statuses: { "202": requests - (s.badStatus ?? 0), ...(s.badStatus ? { "not 2xx": s.badStatus } : {}) },
  };
}
