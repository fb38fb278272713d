import type { PathPolicy } from "../../security/path-policy.ts";
import { writeStaged } from "../apply/index.ts";
import type { Reproduction } from "./run-at-base.ts";

/** `reproduction: discard`: the test verified the fix, and is not committed with it. */
export async function discardReproduction(
  root: string,
  reproduction: Reproduction,
  policy: PathPolicy,
  touched: Set<string>,
): Promise<void> {
  const { path, content } = reproduction;
  await writeStaged(root, [{ path, operation: "delete", before: content, after: null }], policy);
  touched.delete(path);
}
