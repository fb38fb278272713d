/**
 * booty's intake and dashboard in one process, as `booty serve --intake` runs them, over a store seeded
 * with `jobs` jobs and `deliveries` deliveries. Prints {"url","uiUrl"} on stdout, serves until SIGTERM.
 *   node bench/ui/target.ts <secret> <dataDir> <jobs> <deliveries> [databaseUrl]
 */
import { loadConfig } from "../../src/config/index.ts";
import { silentLogger } from "../../src/log/logger.ts";
import { openStore } from "../../src/queue/db/open-store.ts";
import { startService } from "../../src/service/service.ts";
import { seed } from "./seed.ts";

const [secret, dataDir, jobs, deliveries, databaseUrl] = process.argv.slice(2);
if (!secret || !dataDir) throw new Error("usage: target.ts <secret> <dataDir> <jobs> <deliveries> [databaseUrl]");

const seeding = await openStore({ dataDir, databaseUrl, logger: silentLogger() });
await seed(seeding.db, Number(jobs), Number(deliveries));
await seeding.close();

const config = loadConfig({
  WEBHOOK_SECRET: secret,
  BOOTY_DATA_DIR: dataDir,
  BOOTY_HOST: "127.0.0.1",
  BOOTY_PORT: "0",
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
});
const service = await startService({ config, logger: silentLogger(), mode: "intake" });
process.stdout.write(`${JSON.stringify({ url: service.url, uiUrl: service.uiUrl })}\n`);
process.once("SIGTERM", () => {
  void service.stop().then(() => process.exit(0));
});
