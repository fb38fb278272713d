import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";
import { ConfigError } from "../../errors/index.ts";

/**
 * GITHUB_APP_PRIVATE_KEY as the operator gave it: the PEM itself (newlines possibly escaped as `\n`, as
 * in a one-line .env entry) or the path of the .pem file GitHub let them download. Returns PKCS#8 PEM,
 * the one format the JWT library signs with. Error messages never quote the key.
 */
export function resolvePrivateKey(value: string, readFile: (file: string) => string = readPem): string {
  const inline = value.includes("-----BEGIN");
  const where = inline ? "GITHUB_APP_PRIVATE_KEY" : value;
  let pem: string;
  if (inline) {
    pem = value.replace(/\\n/g, "\n");
  } else {
    try {
      pem = readFile(value);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? "unreadable";
      throw new ConfigError(`GITHUB_APP_PRIVATE_KEY: cannot read the key file ${value} (${reason})`, { where });
    }
  }
  try {
    return createPrivateKey(pem).export({ type: "pkcs8", format: "pem" }).toString();
  } catch {
    throw new ConfigError("GITHUB_APP_PRIVATE_KEY: expected a PEM private key or the path of a .pem file", { where });
  }
}

function readPem(file: string): string {
  return readFileSync(file, "utf8");
}
