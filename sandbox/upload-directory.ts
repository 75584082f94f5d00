import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A temporary directory under os.tmpdir() for one sandbox's uploads, made on first use, removed on reset and close. */
export function createUploadDirectory(): { directory: () => Promise<string>; discard: () => Promise<void> } {
  let directory: Promise<string> | undefined;
  return {
    directory: () => (directory ??= mkdtemp(join(tmpdir(), "auphonic-sandbox-"))),
    discard: async () => {
      const old = directory;
      directory = undefined;
      if (!old) return;
      await rm(await old, { recursive: true, force: true }).catch(() => {});
    },
  };
}
