import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { networkInterfaces } from "node:os";
import type { Readable, Writable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { SandboxError } from "../errors/index.ts";
import { SANDBOX_PATH } from "./port.ts";

const run = promisify(execFile);

/** bwrap's descriptors for the handshake: it writes its child's pid to one and waits on the other. */
export const INFO_FD = 3;
export const BLOCK_FD = 4;
/** bwrap reads the sandbox's /etc/resolv.conf from here. */
export const RESOLV_FD = 5;
/** slirp4netns's DNS forwarder, inside the namespace. */
const RESOLV_CONF = "nameserver 10.0.2.3\n";

export const NETWORK_NEEDS_ROOT =
  "setup_command asks for network (network_for_setup), and its network namespace of its own can only be " +
  "connected when booty runs as root (as the service does): run as root, or set network_for_setup: false in .booty.yml";

export const NETWORK_HINT =
  "setup_command asks for network (network_for_setup), and it gets a network namespace of its own through " +
  "slirp4netns, which is not installed: apt-get install slirp4netns, or set network_for_setup: false in .booty.yml";

/**
 * Never reachable from a sandbox's network: link-local (cloud metadata at 169.254.169.254 among them) and
 * the other well-known metadata addresses. The host's own addresses are added at run time; its loopback is
 * kept out by slirp4netns itself (--disable-host-loopback).
 */
const BLOCKED = ["169.254.0.0/16", "100.100.100.200/32", "168.63.129.16/32"];

export interface NetworkTools {
  slirp4netns: string;
  nsenter: string;
  ip: string;
}

/** The host's own IPv4 addresses: slirp4netns would otherwise connect to services bound to 0.0.0.0. */
function hostAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && a.family === "IPv4" && !a.internal)
    .map((a) => `${a?.address}/32`);
}

function readChildPid(info: Readable): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const match = /"child-pid"\s*:\s*(\d+)/.exec(text);
      if (!match) return;
      info.off("data", onData);
      resolve(Number(match[1]));
    };
    info.on("data", onData);
    info.once("close", () => reject(new Error("bwrap closed its info descriptor before naming its child")));
  });
}

/**
 * bwrap names its child before the child has brought its loopback up, and slirp4netns configuring the
 * namespace meanwhile makes that fail: wait until the namespace's 127.0.0.1 exists.
 */
async function loopbackUp(pid: number): Promise<void> {
  for (let tries = 0; tries < 500; tries++) {
    const trie = await readFile(`/proc/${pid}/net/fib_trie`, "utf8").catch(() => "");
    if (trie.includes("127.0.0.1")) return;
    await sleep(10);
  }
  throw new Error("the sandbox's network namespace did not come up within 5 s");
}

function waitReady(slirp: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const ready = slirp.stdio[3] as Readable;
    let log = "";
    slirp.stderr?.on("data", (chunk: Buffer) => {
      log = (log + chunk.toString("utf8")).slice(-500);
    });
    ready.once("data", () => resolve());
    slirp.once("exit", (code) => reject(new Error(`slirp4netns exited (${code}): ${log.trim()}`)));
    slirp.once("error", reject);
  });
}

/**
 * Gives the sandbox that bwrap is setting up (its child waits on BLOCK_FD) a network of its own: slirp4netns
 * brings up tap0 with outbound access through the host's stack but without the host's loopback, then routes
 * to the blocked addresses are made unreachable inside the namespace, where the unprivileged command cannot
 * change them. Abstract Unix sockets belong to the network namespace, so the host's are out of reach too.
 * Returns what stops slirp4netns; it also stops when booty dies (its exit descriptor closes).
 */
export async function attachNetwork(bwrap: ChildProcess, tools: NetworkTools): Promise<() => void> {
  (bwrap.stdio as unknown as Writable[])[RESOLV_FD]?.end(RESOLV_CONF);
  const pid = await readChildPid(bwrap.stdio[INFO_FD] as Readable);
  await loopbackUp(pid);
  const slirp = spawn(
    tools.slirp4netns,
    [
      "--configure",
      "--mtu=65520",
      "--disable-host-loopback",
      "--enable-sandbox",
      "--enable-seccomp",
      "--ready-fd=3",
      "--exit-fd=4",
      // The command's own user namespace is a nested one (bwrap's --disable-userns), below the one that owns
      // the network namespace: root joins the network namespace from where it stands.
      "--userns-path=/proc/self/ns/user",
      String(pid),
      "tap0",
    ],
    { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"], env: { PATH: SANDBOX_PATH } },
  );
  const stop = () => {
    (slirp.stdio[4] as Writable | null)?.destroy();
    slirp.kill("SIGTERM");
  };
  try {
    await waitReady(slirp);
    for (const to of [...BLOCKED, ...hostAddresses()]) {
      await run(tools.nsenter, [`--target=${pid}`, "--net", tools.ip, "route", "add", "unreachable", to], {
        env: { PATH: SANDBOX_PATH },
      });
    }
  } catch (error) {
    stop();
    throw new SandboxError(`could not give setup_command its own network: ${String(error)}`, {
      where: "slirp4netns",
      cause: error,
    });
  }
  (bwrap.stdio[BLOCK_FD] as Writable).write("1");
  return stop;
}
