import type { ServerResponse } from "node:http";
import type { SandboxConfig } from "./config.js";
import type { SandboxState } from "./state.js";

export type SandboxContext = {
  config: SandboxConfig;
  state: SandboxState;
  /** Per-process key for the storage URL signatures. */
  storageSecret: Buffer;
  now: () => number;
  publicUrl: () => string;
  port: () => number;
  /** Timers and requests of running webhook deliveries, so reset and close can stop them. */
  deliveries: Set<{ cancel: () => void }>;
  /** Storage downloads held halfway by the stallDownloads fault; reset and close drop them. */
  stalledDownloads: Set<ServerResponse>;
  /** Timers of productions being processed, so reset and close can stop them. */
  processing: Set<{ cancel: () => void }>;
  /** The temporary directory for uploads, made on first use; `discard` removes it with every file in it. */
  uploads: { directory: () => Promise<string>; discard: () => Promise<void> };
  log: (message: string) => void;
};
