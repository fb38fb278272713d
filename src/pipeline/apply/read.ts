import { constants } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { EditError } from "../../errors/index.ts";

/** Reads a workspace file without following a symlink; null when it does not exist. */
export async function readBytes(root: string, rel: string): Promise<Buffer | null> {
  const handle = await open(join(root, rel), constants.O_RDONLY | constants.O_NOFOLLOW).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    },
  );
  if (handle === null) return null;
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * The file as text. Binary and non-UTF-8 files are refused: a string round trip would corrupt them,
 * and search/replace on them means nothing. A BOM is kept as is.
 */
export function decodeText(rel: string, bytes: Uint8Array): string {
  if (bytes.subarray(0, 8000).includes(0)) {
    throw new EditError(`${rel} is a binary file; booty does not change binary files`, { where: rel });
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new EditError(`${rel} is not UTF-8 text; booty does not change files in other encodings`, { where: rel });
  }
}

export async function readText(root: string, rel: string): Promise<string | null> {
  const bytes = await readBytes(root, rel);
  return bytes === null ? null : decodeText(rel, bytes);
}
