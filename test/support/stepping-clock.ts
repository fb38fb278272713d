import type { Clock } from "../../src/service/status-writer.ts";

/**
 * A clock for service tests: each reading is `stepMs` after the one before, so the status comment's
 * pacing never makes a job wait, and every edit is at least that far apart by this clock.
 */
export function steppingClock(stepMs = 5000): Clock & { readings(): number } {
  let now = 0;
  return {
    now: () => {
      now += stepMs;
      return now;
    },
    later(fn) {
      const timer = setImmediate(fn);
      return () => clearImmediate(timer);
    },
    readings: () => now / stepMs,
  };
}
