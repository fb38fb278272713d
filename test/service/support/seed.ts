import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Emulator, startGitHubEmulator } from "../../support/github-emulator/index.ts";
import { ANALYSIS, PLAN, SAMPLE_FILES, writeScript } from "../../support/pipeline-fixtures.ts";

/** `octo/<repo>` in the emulator with the sample Python project, where alice may write. */
export async function seedRepo(emulator: Emulator, repo: string): Promise<void> {
  await emulator.createRepo({ owner: "octo", repo, files: SAMPLE_FILES });
  emulator.setPermission("octo", repo, "alice", "write");
}

/** An issue alice opened on `octo/<repo>`. */
export function aliceIssue(emulator: Emulator, repo: string, title = "Add subtract", body = "b") {
  return emulator.createIssue({ owner: "octo", repo, title, body, author: "alice" });
}

/**
 * The environment of a `booty serve`/`worker` child against the emulator, with the script model (the
 * sample analysis and plan, written into `dir`) and no sandbox.
 */
export function serveEnv(o: {
  dir: string;
  dataDir: string;
  emulator: Emulator;
  secret: string;
  databaseUrl?: string;
  scriptName?: string;
}): Record<string, string> {
  return {
    HOME: o.dir,
    WEBHOOK_SECRET: o.secret,
    GITHUB_TOKEN: o.emulator.issueToken({ login: "booty-bot" }),
    GITHUB_API_URL: o.emulator.url,
    BOOTY_HOST: "127.0.0.1",
    BOOTY_PORT: "0",
    BOOTY_SANDBOX: "none",
    BOOTY_DATA_DIR: o.dataDir,
    BOOTY_MODEL: `script:${writeScript(o.dir, { analyze: ANALYSIS, generate: PLAN }, o.scriptName)}`,
    ...(o.databaseUrl ? { DATABASE_URL: o.databaseUrl } : {}),
  };
}

/** A scratch folder and an emulator holding `octo/calc`, both gone when the test ends. */
export async function calcOnEmulator(t: { after: (fn: () => Promise<void>) => void }, prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const emulator = await startGitHubEmulator();
  t.after(async () => {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await seedRepo(emulator, "calc");
  return { dir, emulator };
}
