import type { Logger } from "../log/logger.ts";
import { type JobsStore, LocalRunsFile } from "../queue/index.ts";

/**
 * Brings `booty run`'s new runs from the data dir into the store the dashboard reads; called before a
 * page is drawn and while pages listen. One import at a time: the file is read from where the last stopped.
 * Resolves to how many jobs were new to the store (0 when the import failed: it is logged, and tried again).
 */
export function localRunsImporter(
  dataDir: string,
  store: Pick<JobsStore, "importLocalRuns">,
  logger: Logger,
): () => Promise<number> {
  const file = new LocalRunsFile(dataDir);
  let last: Promise<number> = Promise.resolve(0);
  return () => {
    last = last.then(async () => {
      try {
        const runs = await file.read();
        if (runs.length === 0) return 0;
        const added = await store.importLocalRuns(runs);
        if (added > 0) logger.info({ runs: added, file: file.path }, "imported booty run's jobs");
        return added;
      } catch (error) {
        logger.warn({ err: error, file: file.path }, "could not import booty run's jobs");
        return 0;
      }
    });
    return last;
  };
}
