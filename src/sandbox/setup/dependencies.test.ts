import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { detectMissingDependencies } from "./dependencies.ts";

async function repo(files: Record<string, string>, dirs: string[] = []) {
  const root = await mkdtemp(join(tmpdir(), "booty-deps-"));
  for (const [name, content] of Object.entries(files)) await writeFile(join(root, name), content);
  for (const dir of dirs) await mkdir(join(root, dir), { recursive: true });
  const detect = () => detectMissingDependencies(root, Object.keys(files));
  return { root, detect, [Symbol.asyncDispose]: () => rm(root, { recursive: true, force: true }) };
}

test("a lock file without node_modules/ proposes the package manager's frozen install", async () => {
  for (const [lock, command] of [
    ["package-lock.json", "npm ci"],
    ["pnpm-lock.yaml", "pnpm install --frozen-lockfile"],
    ["yarn.lock", "yarn install --frozen-lockfile"],
  ]) {
    await using r = await repo({ "package.json": "{}", [lock as string]: "" });
    const found = await r.detect();
    assert.equal(found?.setupCommand, command);
    assert.equal(
      found?.note,
      `dependencies are declared but not installed (${lock} without node_modules/): add \`setup_command: ${command}\` to .booty.yml`,
    );
  }
});

test("node_modules/ present, or a package.json that declares nothing: nothing to say", async () => {
  await using installed = await repo({ "package-lock.json": "{}" }, ["node_modules"]);
  assert.equal(await installed.detect(), null);
  await using bare = await repo({ "package.json": '{"scripts":{"test":"node --test"}}' });
  assert.equal(await bare.detect(), null);
  await using declared = await repo({ "package.json": '{"devDependencies":{"vitest":"^1"}}' });
  assert.equal((await declared.detect())?.setupCommand, "npm install");
});

test("Python requirements or project dependencies without a .venv propose a venv install", async () => {
  await using reqs = await repo({
    "requirements.txt": "# pinned\nrequests==2.31\n",
    "requirements-dev.txt": "pytest\n",
  });
  assert.equal(
    (await reqs.detect())?.setupCommand,
    "python3 -m venv .venv && .venv/bin/pip install -r requirements-dev.txt -r requirements.txt",
  );
  await using extras = await repo({
    "pyproject.toml":
      '[project]\nname = "x"\ndependencies = ["attrs"]\n[project.optional-dependencies]\ntest = ["pytest"]\n',
  });
  assert.equal((await extras.detect())?.setupCommand, "python3 -m venv .venv && .venv/bin/pip install -e '.[test]'");
  await using setupPy = await repo({ "setup.py": "setup(name='x', install_requires=['six'])\n" });
  assert.equal((await setupPy.detect())?.setupCommand, "python3 -m venv .venv && .venv/bin/pip install -e .");
});

test("a .venv, a pyproject that only configures tools, or an empty requirements file: nothing missing", async () => {
  await using venv = await repo({ "requirements.txt": "pytest\n" }, [".venv/bin"]);
  assert.equal(await venv.detect(), null);
  await using tools = await repo({ "pyproject.toml": "[tool.pytest.ini_options]\naddopts = '-q'\n" });
  assert.equal(await tools.detect(), null);
  await using empty = await repo({ "requirements.txt": "# nothing yet\n\n" });
  assert.equal(await empty.detect(), null);
});

test("both ecosystems are named, and a manifest that is a symlink is not read", async () => {
  await using both = await repo({ "pnpm-lock.yaml": "", "requirements.txt": "pytest\n" });
  const found = await both.detect();
  assert.deepEqual(
    found?.missing.map((m) => m.declaredBy),
    ["pnpm-lock.yaml", "requirements.txt"],
  );
  assert.equal(
    found?.setupCommand,
    "pnpm install --frozen-lockfile && python3 -m venv .venv && .venv/bin/pip install -r requirements.txt",
  );
  await using linked = await repo({});
  await symlink("/etc/passwd", join(linked.root, "requirements.txt"));
  assert.equal(await detectMissingDependencies(linked.root, ["requirements.txt"]), null);
});
