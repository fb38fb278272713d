import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { silentLogger } from "../../src/log/logger.ts";
import { jobIdFor, openStore, type Store } from "../../src/queue/index.ts";
import type { UiOptions } from "../../src/ui/server.ts";
import { type RunningUi, startUi } from "../../src/ui/start.ts";

/**
 * A real PGlite store in a temp dir, and the dashboard over it on 127.0.0.1 (opening the store takes
 * seconds: `serve` starts more dashboards over the same store, with other tokens). `close` removes all.
 */
export async function dashboardOnStore(token?: string) {
  const dir = mkdtempSync(join(tmpdir(), "booty-ui-"));
  const store = await openStore({ dataDir: join(dir, "data"), logger: silentLogger() });
  const uis: RunningUi[] = [];
  const serve = async (token?: string, o: Partial<UiOptions> = {}): Promise<RunningUi> => {
    const ui = await startUi({
      reader: store,
      token,
      logger: silentLogger(),
      host: "127.0.0.1",
      port: 0,
      pollMs: 100,
      ...o,
    });
    uis.push(ui);
    return ui;
  };
  const ui = await serve(token);
  const close = async () => {
    for (const u of uis) await u.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return { dir, store, ui, serve, close };
}

/** A delivery that queues a job on issue `issue` of `repo`; returns the job's id. */
export async function queueJob(store: Store, o: { delivery: string; repo: string; issue: number; title: string }) {
  const id = jobIdFor(o.delivery);
  await store.storeDeliveries([
    {
      id: o.delivery,
      event: "issues",
      action: "labeled",
      repo: o.repo,
      sender: "alice",
      receivedAt: new Date().toISOString(),
      outcome: "queued",
      payload: "{}",
      job: {
        id,
        repo: o.repo,
        issueNumber: o.issue,
        title: o.title,
        actor: "alice",
        command: "run",
        installationId: null,
      },
    },
  ]);
  return id;
}
