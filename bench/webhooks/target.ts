/**
 * One server under test, in its own process so that it does not share an event loop with the load
 * generator. Prints its URL on stdout, serves until SIGTERM.
 *   node bench/webhooks/target.ts bare|pglite|postgres <secret> [dataDir] [databaseUrl] [interval|always]
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Webhooks } from "@octokit/webhooks";
import { loadConfig } from "../../src/config/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { startService } from "../../src/service/service.ts";

const [kind, secret, dataDir, databaseUrl, fsync] = process.argv.slice(2);
if (!kind || !secret) throw new Error("usage: target.ts bare|pglite|postgres <secret> [dataDir] [databaseUrl]");

let stop: () => Promise<void>;
if (kind === "bare") {
  // The baseline: verify with @octokit/webhooks and answer 202, storing nothing.
  const webhooks = new Webhooks({ secret });
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const ok = await webhooks.verify(
      Buffer.concat(chunks).toString("utf8"),
      String(req.headers["x-hub-signature-256"]),
    );
    res.writeHead(ok ? 202 : 401).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  stop = () => new Promise((r) => server.close(() => r()));
} else {
  const config = loadConfig({
    WEBHOOK_SECRET: secret,
    BOOTY_DATA_DIR: dataDir,
    BOOTY_HOST: "127.0.0.1",
    BOOTY_PORT: "0",
    ...(kind === "postgres" && databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...(fsync ? { BOOTY_INTAKE_FSYNC: fsync } : {}),
  });
  const service = await startService({ config, logger: silentLogger(), mode: "intake" });
  process.stdout.write(`${service.url}\n`);
  stop = () => service.stop();
}
process.once("SIGTERM", () => {
  void stop().then(() => process.exit(0));
});
