import type { Logger } from "../../log/logger.ts";
import type { LocalizeOptions } from "../port.ts";
import { buildIndex } from "./build.ts";
import { filesHash, isCacheableCommit, latestOtherCommit, loadIndex, saveIndex } from "./cache.ts";
import type { LocalIndex } from "./store.ts";

/**
 * The index for the commit: the cached one when the file list matches, else built, reusing the entries
 * of the files whose blob did not change since the latest cached commit (when a blob lister is given).
 */
export async function loadOrBuild(opts: LocalizeOptions, logger: Logger): Promise<LocalIndex> {
  const hash = filesHash(opts.files);
  logger.debug({ progress: "indexing", files: opts.files.length }, "localize: indexing");
  const cacheable = opts.cacheDir !== undefined && isCacheableCommit(opts.commit);
  if (!cacheable || !opts.cacheDir || !opts.commit)
    return (await buildIndex({ root: opts.root, files: opts.files, logger })).index;
  const hit = loadIndex(opts.cacheDir, opts.commit, logger);
  if (hit && hit.filesHash === hash) return hit.index;
  const keys = (await opts.listBlobs?.(opts.root, opts.commit, logger)) ?? new Map<string, string>();
  const baseCommit = hit ? opts.commit : latestOtherCommit(opts.cacheDir, opts.commit);
  const previous = hit?.index ?? (baseCommit ? loadIndex(opts.cacheDir, baseCommit, logger)?.index : undefined);
  const { index, reused, read } = await buildIndex({ root: opts.root, files: opts.files, keys, previous, logger });
  logger.debug({ commit: opts.commit, reused, read }, "index built");
  saveIndex(opts.cacheDir, opts.commit, index, hash, logger);
  return index;
}
