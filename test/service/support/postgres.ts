import { execFile, execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

export interface TestPostgres {
  /** A fresh, empty database on the server, dropped by `stop`. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A throwaway PostgreSQL for tests: BOOTY_TEST_DATABASE_URL when set, otherwise a cluster of its own
 * (initdb into a temp dir, as the `postgres` user when running as root, on 127.0.0.1 and a free port).
 * Returns null when neither is possible; under CI=true that is an error, so the suite cannot silently skip.
 */
export async function startTestPostgres(env: NodeJS.ProcessEnv = process.env): Promise<TestPostgres | null> {
  const given = env.BOOTY_TEST_DATABASE_URL;
  if (given) return onServer(given, async () => {});
  const bin = findBin();
  if (!bin) {
    if (env.CI === "true")
      throw new Error("CI=true but no PostgreSQL server binary found (apt-get install postgresql)");
    return null;
  }
  const dir = mkdtempSync(join(tmpdir(), "booty-pg-"));
  const data = join(dir, "data");
  const asRoot = process.getuid?.() === 0;
  const as = (cmd: string, args: string[]) =>
    asRoot ? run("setpriv", ["--reuid=postgres", "--regid=postgres", "--clear-groups", cmd, ...args]) : run(cmd, args);
  if (asRoot) await run("chown", ["postgres:postgres", dir]);
  const port = await freePort();
  try {
    await as(join(bin, "initdb"), ["-D", data, "-U", "booty", "--auth=trust", "-E", "UTF8", "--no-sync"]);
    const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200`;
    await as(join(bin, "pg_ctl"), ["-D", data, "-o", opts, "-l", join(dir, "log"), "-w", "start"]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    if (env.CI === "true") throw error;
    return null;
  }
  // A test file that ends without stop (a failed before hook, a cancelled test) must not leave its
  // cluster running: the process's exit stops it, synchronously, as exit handlers must.
  const stopAtExit = () => {
    const args = ["-D", data, "-m", "immediate", "-w", "stop"];
    const cmd = join(bin, "pg_ctl");
    try {
      if (asRoot) execFileSync("setpriv", ["--reuid=postgres", "--regid=postgres", "--clear-groups", cmd, ...args]);
      else execFileSync(cmd, args);
    } catch {}
    rmSync(dir, { recursive: true, force: true });
  };
  // Killed (a timeout, ^C) the process runs no exit handler: stop, then die of the same signal.
  const stopOnSignal = (signal: NodeJS.Signals) => {
    stopAtExit();
    process.kill(process.pid, signal);
  };
  process.once("exit", stopAtExit);
  for (const signal of SIGNALS) process.once(signal, stopOnSignal);
  return onServer(`postgres://booty@127.0.0.1:${port}/postgres`, async () => {
    process.off("exit", stopAtExit);
    for (const signal of SIGNALS) process.off(signal, stopOnSignal);
    await as(join(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"]).catch(() => {});
    rmSync(dir, { recursive: true, force: true });
  });
}

const SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const;

function onServer(adminUrl: string, shutdown: () => Promise<void>): TestPostgres {
  const created: string[] = [];
  const admin = async <T>(fn: (c: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  };
  return {
    async createDatabase() {
      const name = `booty_test_${process.pid}_${created.length}_${Date.now() % 100000}`;
      await admin((c) => c.query(`CREATE DATABASE ${name}`));
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      await admin(async (c) => {
        for (const name of created) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }).catch(() => {});
      await shutdown();
    },
  };
}

function findBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], "bin") : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}
