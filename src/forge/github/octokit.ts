import { Octokit } from "@octokit/core";
import { restEndpointMethods } from "@octokit/plugin-rest-endpoint-methods";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import type { Logger } from "../../log/logger.ts";

const GitHubClient = Octokit.plugin(restEndpointMethods, retry, throttling);
export type GitHubClient = InstanceType<typeof GitHubClient>;

export interface ClientOptions {
  apiUrl: string;
  logger: Logger;
  fetch?: typeof fetch | undefined;
  /** GitHub's documented pacing (one write a second, waiting out rate limits); off in tests. */
  throttle?: boolean | undefined;
  /** Retries of 5xx/429/network failures and the base of their quadratic back-off (1 s by default). */
  retries?: number | undefined;
  retryBaseMs?: number | undefined;
}

/** Rate-limit waits longer than this fail the call instead; the job queue retries later. */
const MAX_WAIT_SECONDS = 120;

export function createClient(opts: ClientOptions): GitHubClient {
  const log = opts.logger;
  return new GitHubClient({
    baseUrl: opts.apiUrl,
    userAgent: "booty",
    request: opts.fetch ? { fetch: opts.fetch } : {},
    log: {
      debug: (message: string) => log.debug({ octokit: true }, message),
      info: (message: string) => log.debug({ octokit: true }, message),
      warn: (message: string) => log.warn({ octokit: true }, message),
      error: (message: string) => log.error({ octokit: true }, message),
    },
    retry: { retries: opts.retries ?? 3, retryAfterBaseValue: opts.retryBaseMs ?? 1000 },
    throttle: {
      enabled: opts.throttle !== false,
      onRateLimit: (
        retryAfter: number,
        options: { method?: string; url?: string },
        _client: unknown,
        retryCount: number,
      ) => {
        log.warn({ retryAfter, call: `${options.method} ${options.url}` }, "GitHub rate limit reached");
        return retryCount < 2 && retryAfter <= MAX_WAIT_SECONDS;
      },
      onSecondaryRateLimit: (
        retryAfter: number,
        options: { method?: string; url?: string },
        _client: unknown,
        retryCount: number,
      ) => {
        log.warn({ retryAfter, call: `${options.method} ${options.url}` }, "GitHub secondary rate limit reached");
        return retryCount < 1 && retryAfter <= MAX_WAIT_SECONDS;
      },
    },
  });
}
