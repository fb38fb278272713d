/**
 * Runs the status comment's writes for one issue one at a time within this process: the intake's
 * "queued" comment and the worker's first write must not race (two creations would leave two comments).
 */
export interface IssueLock {
  run<T>(key: string, fn: () => Promise<T>): Promise<T>;
}

export function createIssueLock(): IssueLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, fn) {
      const before = tails.get(key) ?? Promise.resolve();
      const result = before.then(fn, fn);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      // The map holds only issues with a write in flight.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}

/** The lock's key for the status comments of issue or pull request `number` (they share GitHub's numbering). */
export const issueKey = (repo: string, number: number | undefined): string => `${repo}#${number}`.toLowerCase();
