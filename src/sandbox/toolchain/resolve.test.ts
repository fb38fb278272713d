import assert from "node:assert/strict";
import { chmod, mkdir, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { resolveToolchain } from "./resolve.ts";
import { exe, fakePyenv, fakeRustup, file, openDir } from "./test-support.ts";

let home: string;
let project: string;
const settings = () => ({ home, path: `${home}/.pyenv/shims:${home}/.cargo/bin:/usr/bin:/bin`, root: project });

before(async () => {
  home = await openDir("booty-tc-home-");
  project = await openDir("booty-tc-proj-");
  await fakePyenv(home, ["3.11.0", "3.12.1"], "3.12.1");
  await fakeRustup(home, "stable-x86_64-unknown-linux-gnu");
});
after(async () => {
  await rm(home, { recursive: true, force: true });
  await rm(project, { recursive: true, force: true });
});

describe("resolveToolchain", () => {
  test("a pyenv shim resolves to the global version's prefix, mounted with its bin on PATH", async () => {
    const tc = await resolveToolchain("python3 -m pytest", settings());
    const prefix = join(home, ".pyenv/versions/3.12.1");
    assert.deepEqual(tc.programs, [
      {
        name: "python3",
        found: join(home, ".pyenv/shims/python3"),
        manager: "pyenv",
        binary: join(prefix, "bin/python3"),
        prefix,
      },
    ]);
    assert.deepEqual(tc.mounts, [prefix]);
    assert.deepEqual(tc.path, [join(prefix, "bin")]);
    assert.deepEqual(tc.notes, []);
  });

  test("the project's .python-version wins, a prefix of a version picks the newest match", async () => {
    await file(join(project, ".python-version"), "3.11\n");
    try {
      const tc = await resolveToolchain("python3 -V", settings());
      assert.deepEqual(tc.mounts, [join(home, ".pyenv/versions/3.11.0")]);
      await file(join(project, ".python-version"), "../../../etc\n");
      const hostile = await resolveToolchain("python3 -V", settings());
      assert.deepEqual(hostile.mounts, []);
      assert.match(hostile.notes.join("\n"), /pyenv has no python3 in version \.\.\/\.\.\/\.\.\/etc/);
    } finally {
      await rm(join(project, ".python-version"));
    }
  });

  test("pyenv's `system` is the next python3 on PATH, past the shims", async () => {
    const tc = await resolveToolchain("python3 -V", { ...settings(), env: { PYENV_VERSION: "system" } });
    assert.equal(tc.programs[0]?.binary, "/usr/bin/python3");
    assert.deepEqual(tc.mounts, []);
  });

  test("rustup proxies resolve to the default toolchain; cargo brings rustc", async () => {
    const tc = await resolveToolchain("cargo test", settings());
    const dir = join(home, ".rustup/toolchains/stable-x86_64-unknown-linux-gnu");
    assert.deepEqual(
      tc.programs.map((p) => [p.name, p.manager, p.binary]),
      [
        ["cargo", "rustup", join(dir, "bin/cargo")],
        ["rustc", "rustup", join(dir, "bin/rustc")],
      ],
    );
    assert.deepEqual(tc.mounts, [dir]);
  });

  test("asdf and mise shims resolve through .tool-versions", async () => {
    const asdf = join(home, ".asdf");
    await exe(join(asdf, "shims/node"), '# asdf-plugin: nodejs 20.1.0\nexec asdf exec "node" "$@"');
    await exe(join(asdf, "installs/nodejs/20.1.0/bin/node"), "echo node 20");
    await exe(join(asdf, "installs/nodejs/18.2.0/bin/node"), "echo node 18");
    const mise = join(home, ".local/share/mise");
    await exe(join(mise, "shims/go"), "exec mise x -- go");
    await exe(join(mise, "installs/go/1.21.0/bin/go"), "echo go 1.21");
    await exe(join(mise, "installs/go/1.22.3/bin/go"), "echo go 1.22");
    await file(join(project, ".tool-versions"), "nodejs 18.2.0\n");
    try {
      const path = `${asdf}/shims:${mise}/shims:/usr/bin`;
      const tc = await resolveToolchain("node x.js && go test", { ...settings(), path });
      assert.deepEqual(tc.mounts, [join(asdf, "installs/nodejs/18.2.0"), join(mise, "installs/go/1.22.3")]);
      assert.deepEqual(
        tc.programs.map((p) => p.manager),
        ["asdf", "mise"],
      );
    } finally {
      await rm(join(project, ".tool-versions"));
    }
  });

  test("volta follows the project's pin; nvm's default alias is used when node is not on PATH", async () => {
    const volta = join(home, ".volta");
    await exe(join(volta, "bin/node"), "exec volta-shim");
    await exe(join(volta, "tools/image/node/20.11.0/bin/node"), "echo node 20");
    await exe(join(volta, "tools/image/node/22.1.0/bin/node"), "echo node 22");
    await file(join(volta, "tools/user/platform.json"), '{"node":{"runtime":"22.1.0"}}');
    await file(join(project, "package.json"), '{"volta":{"node":"20.11.0"}}');
    const nvm = join(home, ".nvm");
    await exe(join(nvm, "versions/node/v18.19.0/bin/node"), "echo node 18");
    await file(join(nvm, "alias/default"), "18\n");
    try {
      const voltaTc = await resolveToolchain("node -v", { ...settings(), path: `${volta}/bin:/bin` });
      assert.deepEqual(voltaTc.mounts, [join(volta, "tools/image/node/20.11.0")]);
      const nvmTc = await resolveToolchain("node -v", { ...settings(), path: "/nonexistent" });
      assert.deepEqual(nvmTc.mounts, [join(nvm, "versions/node/v18.19.0")]);
      assert.equal(nvmTc.programs[0]?.manager, "nvm");
    } finally {
      await rm(join(project, "package.json"));
    }
  });

  test("a prefix that is a symlink into a secret location is refused, with a note naming both", async () => {
    const secret = join(home, ".ssh", "py");
    await exe(join(secret, "bin/python3"), "echo leaked");
    await symlink(secret, join(home, ".pyenv/versions/3.13.0"));
    const tc = await resolveToolchain("python3", { ...settings(), env: { PYENV_VERSION: "3.13.0" } });
    assert.deepEqual(tc.mounts, []);
    assert.deepEqual(tc.path, []);
    assert.equal(
      tc.notes.join("\n"),
      `python3: ${join(home, ".pyenv/versions/3.13.0")} (→ ${secret}) refused: it is a secret location (.ssh)`,
    );
  });

  test("read_only directories: mounted when harmless, refused when secret, in the data dir or above home", async () => {
    const tools = join(project, "..", `${project.split("/").pop()}-tools`);
    await mkdir(tools, { recursive: true });
    const dataDir = join(home, "data");
    await mkdir(dataDir);
    await symlink(dataDir, join(tools, "data-link"));
    try {
      const tc = await resolveToolchain("true", {
        ...settings(),
        dataDir,
        readOnly: [tools, join(tools, "data-link"), home, "/", "/proc/1", "/var/lib", "relative", join(home, ".aws")],
      });
      assert.deepEqual(tc.mounts, [tools]);
      assert.deepEqual(tc.notes, [
        `sandbox.read_only: ${join(tools, "data-link")} (→ ${dataDir}) refused: it is inside booty's data directory`,
        `sandbox.read_only: ${home} refused: it contains the home directory (${home})`,
        `sandbox.read_only: / refused: it contains the home directory (${home})`,
        "sandbox.read_only: /proc/1 refused: /proc is never shown to the sandbox",
        "sandbox.read_only: /var/lib refused: /var is never shown to the sandbox",
        "sandbox.read_only: relative is not an absolute path; not mounted",
        `sandbox.read_only: ${join(home, ".aws")} does not exist; not mounted`,
      ]);
    } finally {
      await rm(tools, { recursive: true, force: true });
    }
  });

  test("a prefix the sandbox uid cannot reach is not mounted, and the note says why and what to do", async () => {
    const closed = join(home, "closed");
    await exe(join(closed, "py/bin/python3"), "echo hidden");
    await chmod(closed, 0o700);
    const tc = await resolveToolchain("python3", { ...settings(), path: `${closed}/py/bin:/usr/bin`, uid: 65534 });
    assert.deepEqual(tc.mounts, []);
    assert.match(tc.notes[0] ?? "", new RegExp(`${closed} is not searchable by the sandbox user \\(uid 65534\\)`));
  });

  test("project-local bins are found in the copy and bring their interpreter", async () => {
    await exe(join(project, "node_modules/.bin/vitest"), "echo vitest");
    try {
      const tc = await resolveToolchain("vitest run", { ...settings(), path: "/usr/bin:/bin" });
      assert.deepEqual(tc.local, ["node_modules/.bin"]);
      assert.deepEqual(
        tc.programs.map((p) => [p.name, p.manager]),
        [
          ["vitest", "project"],
          ["node", null],
        ],
      );
    } finally {
      await rm(join(project, "node_modules"), { recursive: true });
    }
  });
});
