import { InterruptedError } from "../../errors/index.ts";
import type { Logger } from "../../log/logger.ts";

/**
 * Runs named pipeline steps, recording how long each took and logging entry and outcome, so every step
 * shows up in the report's timings and in the structured log with the run's bindings.
 */
export interface StepRunner {
  readonly timings: Record<string, number>;
  run<T>(name: string, fn: () => Promise<T>, describe?: (value: T) => Record<string, unknown>): Promise<T>;
}

/**
 * With `signal`, a step does not start once it is aborted, and a step that fails after it was (its model
 * call or test run cut off) fails as interrupted: retryable, whatever the cut-off call threw.
 */
export function createStepRunner(logger: Logger, now: () => number, signal?: AbortSignal): StepRunner {
  const timings: Record<string, number> = {};
  return {
    timings,
    async run(name, fn, describe) {
      if (signal?.aborted) throw new InterruptedError(`stopped before ${name}: the worker is shutting down`);
      const started = now();
      logger.info({ step: name, event: "start" }, `${name}…`);
      try {
        const value = await fn();
        const ms = Math.round(now() - started);
        timings[name] = (timings[name] ?? 0) + ms;
        logger.info({ step: name, event: "done", durationMs: ms, ...describe?.(value) }, `${name} done in ${ms} ms`);
        return value;
      } catch (error) {
        const ms = Math.round(now() - started);
        timings[name] = (timings[name] ?? 0) + ms;
        logger.warn({ step: name, event: "failed", durationMs: ms, err: error }, `${name} failed after ${ms} ms`);
        if (signal?.aborted) {
          throw new InterruptedError(`stopped during ${name}: the worker is shutting down`, { cause: error });
        }
        throw error;
      }
    },
  };
}
