import { realpathSync } from "node:fs";
import ignore from "ignore";
import { PolicyError } from "../../errors/index.ts";

/**
 * What booty may not change in its own repository: the gates that keep it honest (CI, the path policy,
 * the sandbox, configuration schemas, the checks themselves and the scripts that run them).
 */
export const SELF_PROTECTED_PATHS = [
  ".github/**",
  ".ci/**",
  "scripts/**",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "biome.json",
  "src/security/**",
  "src/sandbox/**",
  "src/config/**",
  "src/repo-config/**",
  "src/model/schemas/**",
  "src/pipeline/verify/**",
  "test/support/net-lock.ts",
];

export const SELF_MODIFICATION_LABEL = "self-modification";

export interface SelfModificationRules {
  protectedPaths: string[];
  /** Must pass (in the sandbox) whatever the repository's own tests say. */
  checks: string[];
  /** The pull request is a draft, labelled, whatever the tests say. */
  draft: true;
  labels: string[];
}

/**
 * null unless the target is booty's own repository: `selfRepo` (BOOTY_SELF_REPO) is `owner/name`,
 * compared case-insensitively with the target's full name, or a path, compared after resolving links.
 */
export function selfModificationRules(
  selfRepo: string | undefined,
  target: { fullName?: string | undefined; path?: string | undefined },
): SelfModificationRules | null {
  if (!selfRepo) return null;
  const same = /^[\w.-]+\/[\w.-]+$/.test(selfRepo)
    ? target.fullName?.toLowerCase() === selfRepo.toLowerCase()
    : target.path !== undefined && real(target.path) === real(selfRepo);
  if (!same) return null;
  return {
    protectedPaths: [...SELF_PROTECTED_PATHS],
    checks: ["npx --no-install biome check .", "npx --no-install tsc --noEmit -p ."],
    draft: true,
    labels: [SELF_MODIFICATION_LABEL],
  };
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Throws a PolicyError naming the first changed path that matches a protected pattern (gitignore syntax). */
export function assertNoProtectedChanges(paths: readonly string[], protectedPatterns: readonly string[]): void {
  const rules = ignore({ ignorecase: true }).add([...protectedPatterns]);
  for (const path of paths) {
    const rel = path.replace(/^\.?\/+/, "");
    if (rel !== "" && rules.ignores(rel)) {
      throw new PolicyError(`refused: ${rel} is protected in booty's own repository (self-modification)`, {
        where: rel,
      });
    }
  }
}
