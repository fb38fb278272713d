import { BLOCK_FD, INFO_FD, RESOLV_FD } from "./network.ts";
import { SANDBOX_PATH, type SandboxLimits } from "./port.ts";

/** What the host looks like, gathered once by `inspectHost` so that argv building stays pure. */
export interface HostLayout {
  /** Top-level entries like /bin, /lib64: a symlink target (merged /usr) or "dir". */
  topLevel: Record<string, string | "dir">;
  /** /etc entries that exist on the host and are safe to show (no credentials). */
  etc: string[];
  /** Extra read-only directories (toolchains under /opt, ...). */
  extraReadOnly: string[];
}

/** What a sandbox may see of /etc: name resolution, certificates, users, the dynamic linker. */
export const ETC_ALLOWED = [
  "alternatives",
  "ca-certificates",
  "ca-certificates.conf",
  "gai.conf",
  "group",
  "host.conf",
  "hostname",
  "hosts",
  "ld.so.cache",
  "ld.so.conf",
  "ld.so.conf.d",
  "localtime",
  "mime.types",
  "nsswitch.conf",
  "passwd",
  "protocols",
  "resolv.conf",
  "services",
  "ssl",
];

export const TOP_LEVEL = ["bin", "sbin", "lib", "lib32", "lib64", "libx32"];

export type GitMask = "absent" | "dir" | "file";

export interface BwrapArgvOptions {
  workspace: string;
  command: string;
  network: boolean;
  env: Record<string, string>;
  limits: SandboxLimits;
  /** Run as this uid/gid (booty is root); null to stay booty's own unprivileged uid. */
  uid: number | null;
  /** What `<workspace>/.git` is; it is masked read-only whatever it is. */
  git: GitMask;
  host: HostLayout;
  /** Toolchain installations to show read-only at their own path (realpaths, already checked). */
  mounts?: readonly string[];
  /** PATH inside the sandbox; default SANDBOX_PATH. */
  path?: string;
}

export function prlimitArgv(limits: SandboxLimits): string[] {
  return [
    "prlimit",
    `--nproc=${limits.processes}`,
    `--data=${limits.memoryBytes}`,
    `--fsize=${limits.fileSizeBytes}`,
    `--nofile=${limits.openFiles}`,
    "--core=0",
    "--",
  ];
}

/**
 * prlimit → setpriv (drop to the sandbox uid, so RLIMIT_NPROC applies) → bwrap: fresh namespaces for
 * everything (pid, net, ipc, uts, user, cgroup), network or not, no nested user namespaces, an empty environment,
 * read-only /usr and a short list of /etc files, a writable workspace whose .git is read-only and empty.
 */
export function bwrapArgv(o: BwrapArgvOptions): string[] {
  const argv = prlimitArgv(o.limits);
  if (o.uid !== null) {
    argv.push("setpriv", `--reuid=${o.uid}`, `--regid=${o.uid}`, "--clear-groups", "--", "bwrap");
  } else {
    argv.push("bwrap");
  }
  // --as-pid-1: the command is the namespace's init, so when it exits every process it left behind dies, and
  // bwrap reaps it itself (its own reaper would be orphaned to a host init that may never reap it).
  argv.push("--die-with-parent", "--new-session", "--as-pid-1", "--unshare-all", "--unshare-user", "--disable-userns");
  // Network is never the host's: a namespace of its own that slirp4netns connects (see network.ts) while
  // bwrap waits on BLOCK_FD, after naming its child on INFO_FD.
  if (o.network) argv.push("--info-fd", String(INFO_FD), "--block-fd", String(BLOCK_FD));
  argv.push("--clearenv");
  const env: Record<string, string> = {
    PATH: o.path ?? SANDBOX_PATH,
    HOME: "/home/sbx",
    TMPDIR: "/tmp",
    LANG: "C.UTF-8",
    CI: "true",
    ...o.env,
  };
  for (const [key, value] of Object.entries(env)) argv.push("--setenv", key, value);
  argv.push("--ro-bind", "/usr", "/usr");
  for (const [name, kind] of Object.entries(o.host.topLevel)) {
    if (kind === "dir") argv.push("--ro-bind", `/${name}`, `/${name}`);
    else argv.push("--symlink", kind, `/${name}`);
  }
  for (const name of o.host.etc) {
    // With network, names resolve through slirp4netns's forwarder (the host's may listen on its loopback).
    if (o.network && name === "resolv.conf") argv.push("--ro-bind-data", String(RESOLV_FD), "/etc/resolv.conf");
    else argv.push("--ro-bind", `/etc/${name}`, `/etc/${name}`);
  }
  for (const dir of o.host.extraReadOnly) argv.push("--ro-bind", dir, dir);
  argv.push("--proc", "/proc", "--dev", "/dev");
  // Every writable tmpfs has a size (unsized, each could take half the RAM); /dev itself is read-only.
  argv.push("--size", String(o.limits.shmBytes), "--tmpfs", "/dev/shm", "--remount-ro", "/dev");
  argv.push("--size", String(o.limits.tmpBytes), "--tmpfs", "/tmp");
  argv.push("--size", String(o.limits.homeBytes), "--tmpfs", "/home/sbx");
  // After the tmpfs mounts, so that a toolchain under /tmp is not hidden by the sandbox's own /tmp.
  for (const dir of o.mounts ?? []) argv.push("--ro-bind", dir, dir);
  argv.push("--bind", o.workspace, "/workspace");
  // .git is hidden behind something read-only: an empty tmpfs, or /dev/null over a worktree's gitfile.
  if (o.git === "file") argv.push("--ro-bind", "/dev/null", "/workspace/.git");
  else argv.push("--tmpfs", "/workspace/.git", "--remount-ro", "/workspace/.git");
  // The root bwrap builds is a tmpfs; read-only, so that only /tmp, $HOME and the workspace take writes.
  argv.push("--remount-ro", "/");
  argv.push("--chdir", "/workspace", "--", "/bin/sh", "-c", o.command);
  return argv;
}
