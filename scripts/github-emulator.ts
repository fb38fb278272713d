/**
 * `npm run github-emulator [-- --port 3999]`: the test GitHub emulator as a standalone server, seeded
 * with demo/hello (a tiny Python project with an open issue), so booty can be pointed at it by hand.
 * Scripts print to the terminal on purpose; this one is a developer tool, not part of booty.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { startGitHubEmulator } from "../test/support/github-emulator/index.ts";

const { values } = parseArgs({ options: { port: { type: "string", short: "p" } } });
// A developer script (like a test) may read its own environment; booty itself reads env only in config.
const port = Number(values.port ?? process.env.GITHUB_EMULATOR_PORT ?? 3999);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`github-emulator: invalid port ${String(values.port ?? process.env.GITHUB_EMULATOR_PORT)}\n`);
  process.exit(2);
}

const emulator = await startGitHubEmulator({ port, tokenTtlMs: 7 * 24 * 60 * 60 * 1000 }).catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === "EADDRINUSE"
      ? `port ${port} is already in use; choose another with npm run github-emulator -- --port N`
      : `cannot start on 127.0.0.1:${port}: ${error instanceof Error ? error.message : String(error)}`;
  process.stderr.write(`github-emulator: ${why}\n`);
  process.exit(1);
});
await emulator.createRepo({
  owner: "demo",
  repo: "hello",
  files: {
    "README.md": "# hello\n\nA tiny Python project for trying booty.\n",
    // unittest, not booty's default pytest: the walkthrough then verifies with a bare Python.
    ".booty.yml": "test_command: python3 -m unittest discover -s tests -v\n",
    "hello/__init__.py": "",
    "hello/greet.py": 'def greet(name):\n    return "Hello, " + name\n',
    "tests/test_greet.py":
      "import unittest\n\nfrom hello.greet import greet\n\n\nclass GreetTest(unittest.TestCase):\n" +
      '    def test_greet(self):\n        self.assertEqual(greet("Ada"), "Hello, Ada!")\n\n\n' +
      'if __name__ == "__main__":\n    unittest.main()\n',
  },
});
emulator.createIssue({
  owner: "demo",
  repo: "hello",
  title: "greet() forgets the exclamation mark",
  body: 'greet("Ada") returns "Hello, Ada" but the tests expect "Hello, Ada!".',
  author: "demo",
  labels: ["booty"],
});
emulator.setPermission("demo", "hello", "demo", "admin");
emulator.addInstallation({ account: "demo" });
const token = emulator.issueToken({ login: "booty-demo" });
const keyFile = path.join(emulator.root, "app.pem");
await writeFile(keyFile, emulator.app.privateKeyPem ?? "", { mode: 0o600 });

process.stdout.write(
  [
    `GitHub emulator listening on ${emulator.url}`,
    "",
    `  repository   ${emulator.url}/demo/hello.git  (issue #1 open, labelled "booty")`,
    `  token        ${token}  (valid 7 days, any repository)`,
    `  GitHub App   id ${emulator.app.id}, installed on demo/*, key in ${keyFile}`,
    "",
    "Point booty at it:",
    `  export GITHUB_API_URL=${emulator.url}`,
    `  export GITHUB_TOKEN=${token}`,
    "or, as the App:",
    `  export GITHUB_APP_ID=${emulator.app.id} GITHUB_APP_PRIVATE_KEY=${keyFile}`,
    "",
    "Try it:",
    `  curl -H "Authorization: token ${token}" ${emulator.url}/repos/demo/hello/issues/1`,
    "",
    "Ctrl-C stops it (the repositories live in a temp dir that is removed).",
    "",
  ].join("\n"),
);

const stop = async () => {
  await emulator.close();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
