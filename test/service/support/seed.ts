import type { Emulator } from "../../support/github-emulator/index.ts";
import { SAMPLE_FILES } from "../../support/pipeline-fixtures.ts";

/** `octo/<repo>` in the emulator with the sample Python project, where alice may write. */
export async function seedRepo(emulator: Emulator, repo: string): Promise<void> {
  await emulator.createRepo({ owner: "octo", repo, files: SAMPLE_FILES });
  emulator.setPermission("octo", repo, "alice", "write");
}

/** An issue alice opened on `octo/<repo>`. */
export function aliceIssue(emulator: Emulator, repo: string, title = "Add subtract", body = "b") {
  return emulator.createIssue({ owner: "octo", repo, title, body, author: "alice" });
}
