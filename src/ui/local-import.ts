import type { Logger } from "../log/logger.ts";
import { type JobsStore, LocalRunsFile } from "../queue/index.ts";

/**
 * Brings `booty run`'s new runs from the data dir into the store the dashboard reads; called before a
 * page is drawn and while pages listen. One import at a time: the file is read from where the last stopped.
 */
export function localRunsImporter(
  dataDir: string,
  store: Pick<JobsStore, "importLocalRuns">,
  logger: Logger,
): () => Promise<void> {
  const file = new LocalRunsFile(dataDir);
  let last: Promise<void> = Promise.resolve();
  return () => {
    last = last.then(async () => {
      try {
        const runs = await file.read();
        if (runs.length === 0) return;
        const added = await store.importLocalRuns(runs);
        if (added > 0) logger.info({ runs: added, file: file.path }, "imported booty run's jobs");
      } catch (error) {
        logger.warn({ err: error, file: file.path }, "could not import booty run's jobs");
      }
    });
    return last;
  };
}
