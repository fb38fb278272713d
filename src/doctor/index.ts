import type { Config } from "../config/index.ts";
import type { Logger } from "../log/logger.ts";
import type { Check } from "./check.ts";
import { dataDirCheck, gitCheck, nodeCheck, sandboxChecks } from "./host.ts";
import { modelCheck } from "./model.ts";
import { repoChecks } from "./repo.ts";

export { type Check, renderChecks } from "./check.ts";

export interface DoctorOptions {
  config: Config;
  logger: Logger;
  /** A repository to check too: its test command, toolchain, dependencies and a real run. */
  repo?: string | undefined;
  /** For the repository's test run; default 120 s. */
  timeoutMs?: number;
  /** For the model server's answer; default 5 s. */
  modelTimeoutMs?: number;
}

/** Every check, in the order they are shown. */
export async function runDoctor(opts: DoctorOptions): Promise<Check[]> {
  const { config, logger } = opts;
  const path = config.sandbox.toolchain.path || "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  const checks: Check[] = [nodeCheck(), await gitCheck(path)];
  checks.push(...(await sandboxChecks(config, path, logger)));
  checks.push(await dataDirCheck(config.dataDir));
  checks.push(await modelCheck(config.model, opts.modelTimeoutMs));
  if (opts.repo !== undefined) {
    checks.push(...(await repoChecks({ config, root: opts.repo, timeoutMs: opts.timeoutMs ?? 120_000, logger })));
  }
  return checks;
}
