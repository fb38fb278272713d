import { createHash } from "node:crypto";
import { join, resolve } from "node:path";
import { InputError } from "../errors/index.ts";

export type Source =
  | { kind: "local"; path: string }
  | {
      kind: "url";
      url: string;
      /** `https://host[:port]` when a token could be sent to it; undefined for ssh and file. */
      httpOrigin: string | undefined;
      /** Where the bare mirror is cached, relative to `<dataDir>/mirrors`. */
      mirrorPath: string;
    };

const SCP_LIKE = /^([A-Za-z0-9._-]+)@([A-Za-z0-9.-]+):(?!\/\/)(.+)$/;

/**
 * Local paths and https, http, ssh, `user@host:path` and file URLs; anything else (ext::, fd::, a leading
 * `-` that git would read as an option, credentials inside the URL) is refused before git sees it.
 */
export function parseSource(source: string): Source {
  const shown = source.replace(/\/\/[^/@]*@/, "//***@");
  if (source.length === 0 || source.startsWith("-") || hasControlCharacter(source)) {
    throw new InputError(`invalid repository source: ${JSON.stringify(shown)}`, { where: "source" });
  }
  const scp = SCP_LIKE.exec(source);
  if (scp) return urlSource(source, undefined, scp[2] ?? "", scp[3] ?? "");
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(source) || /^[A-Za-z]:[\\/]/.test(source)) {
    return { kind: "local", path: resolve(source) };
  }
  let url: URL;
  try {
    url = new URL(source);
  } catch {
    throw new InputError(`invalid repository URL: ${shown}`, { where: "source" });
  }
  const scheme = url.protocol.slice(0, -1);
  if (!["https", "http", "ssh", "file"].includes(scheme)) {
    throw new InputError(`unsupported repository URL scheme '${scheme}': use https, ssh or file`, { where: shown });
  }
  if (url.password !== "" || ((scheme === "https" || scheme === "http") && url.username !== "")) {
    throw new InputError(
      "credentials inside a repository URL are refused (they would be stored on disk); pass a token instead",
      {
        where: shown,
      },
    );
  }
  if (url.search !== "" || url.hash !== "") {
    throw new InputError(`a repository URL takes no query or fragment: ${shown}`, { where: "source" });
  }
  const origin = scheme === "https" || scheme === "http" ? `${url.protocol}//${url.host}` : undefined;
  return urlSource(source, origin, scheme === "file" ? "file" : url.host, decodeURIComponent(url.pathname));
}

function urlSource(url: string, httpOrigin: string | undefined, host: string, path: string): Source {
  const hostDir =
    host
      .toLowerCase()
      .replace(/[^a-z0-9.-]/g, "_")
      .replace(/^\.+/, "_") || "_";
  const parts = path
    .replace(/\.git\/*$/, "")
    .split("/")
    .filter((part) => part !== "" && part !== "." && part !== "..")
    .map((part) => part.replace(/[^A-Za-z0-9._-]/g, "_").replace(/^\.+/, "_"));
  if (parts.length === 0) throw new InputError(`repository URL has no path: ${url}`, { where: "source" });
  // The hash keeps two URLs that sanitise alike (ssh and https to one repo, odd characters) apart.
  const hash = createHash("sha256").update(url).digest("hex").slice(0, 8);
  const last = `${parts.pop()}-${hash}.git`;
  return { kind: "url", url, httpOrigin, mirrorPath: join(hostDir, ...parts, last) };
}

function hasControlCharacter(text: string): boolean {
  return [...text].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}
