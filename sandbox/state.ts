import type { TemplateName } from "./templates.js";

export type User = {
  user_id: string;
  username: string;
  email: string;
  date_joined: string;
  credits: number;
  recurring_credits: number;
  onetime_credits: number;
  recharge_date: string;
  recharge_recurring_credits: number;
  notification_email: boolean;
  error_email: boolean;
  warning_email: boolean;
  low_credits_email: boolean;
  low_credits_threshold: number;
};

export type AccessToken = { token: string; userId: string; createdAt: number; revoked: boolean };

export type AuthorizationCode = {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  expiresAt: number;
  used: boolean;
};

export type Service = {
  uuid: string;
  userId: string;
  display_name: string;
  webhook_url: string;
  custom_data: string | null;
  createdAt: number;
  updatedAt: number;
};

export type WebhookAttempt = {
  delivery: number;
  attempt: number;
  started_at: string;
  duration_ms: number;
  http_status: number | null;
  error: string | null;
};

export type OutgoingService = {
  uuid: string;
  display_name: string;
  type: string;
  /** "lost": the loseWebhooks fault swallowed this production's webhook. */
  delivery_state: "pending" | "delivered" | "failed" | "not_sent" | "lost";
  transfer_success: boolean | null;
  error_message: string;
  result_page: string | null;
  result_urls: string[];
  attempts: WebhookAttempt[];
};

/** Auphonic's status names (API.md §7) that the sandbox passes through, with their codes. */
export const PRODUCTION_STATUS_CODES = {
  Incomplete: 9,
  "Production Not Started Yet": 10,
  Waiting: 1,
  "Audio Processing": 4,
  "Audio Encoding": 5,
  "Outgoing File Transfer": 6,
  Done: 3,
  Error: 2,
} as const;
export type ProductionStatus = keyof typeof PRODUCTION_STATUS_CODES;

/** A file the sandbox keeps on disk (an upload), described like a fixture. */
export type StoredFile = { path: string; filename: string; size: number; md5: string; contentType: string };

/** What a production made through POST /api/productions.json has instead of its template's content. */
export type ApiProductionData = {
  metadata: Record<string, unknown>;
  presetUuid: string | null;
  input: StoredFile | null;
  /** Why the input cannot be processed (not audio), found when it was uploaded. */
  inputProblem: string | null;
  /** Duration of the input when it is an MP3 whose first frame tells the bitrate. */
  inputLengthSec: number | null;
  inputKbps: number | null;
  image: StoredFile | null;
  /** The cover given as a URL in the production's JSON (`image`). */
  imageUrl: string | null;
  errorMessage: string;
};

export type Production = {
  uuid: string;
  userId: string;
  /** Template-based productions take their content from it; API-made ones use it only for statistics. */
  template: TemplateName;
  /** Present on productions made through the API. */
  api?: ApiProductionData;
  status: ProductionStatus;
  runCount: number;
  createdAt: number;
  changedAt: number;
  /** Creation order, so productions created in the same millisecond still list newest first. */
  seq: number;
  outgoing: OutgoingService[];
  inReview: boolean;
  reviewBeforePublishing: boolean;
  /** Metadata keys that replace the template's (the control API's `metadata`), for hostile-input tests. */
  metadataOverrides?: Record<string, unknown>;
  /** Where the production's cover and chapter images point instead of the sandbox (hostile-input tests). */
  imageUrlOverride?: string;
};

export type PresetOutputFile = {
  format: string;
  ending: string;
  bitrate: number;
  suffix: string;
  mono_mixdown: boolean;
  split_on_chapters: boolean;
};

export type Preset = {
  uuid: string;
  userId: string;
  preset_name: string;
  metadata: Record<string, unknown>;
  /** Uuids of the user's services; rendered with their current display_name. */
  outgoingServiceUuids: string[];
  output_files: PresetOutputFile[];
  algorithms: Record<string, unknown>;
  review_before_publishing: boolean;
  createdAt: number;
  changedAt: number;
};

export type Faults = {
  api500: number;
  apiDelayMs: number;
  truncateDownloads: number;
  corruptDownloads: number;
  /** The next n signed storage links are refused as expired. */
  expireSignedUrls: number;
  /** The next n storage downloads send half their body, then hang until the client disconnects. */
  stallDownloads: number;
  /** The next n finished productions send no webhook (delivery_state "lost"). */
  loseWebhooks: number;
  connectEmptyData: boolean;
  redirectForeignHost: boolean;
};

/** One request that reached /api/, for tests that count what a client asked. */
export type RequestRecord = { method: string; path: string; search: string; at: string };

export type SandboxState = {
  users: User[];
  tokens: Map<string, AccessToken>;
  codes: Map<string, AuthorizationCode>;
  services: Service[];
  presets: Preset[];
  productions: Map<string, Production>;
  faults: Faults;
  /** Requests that reached the foreign storage host (127.0.0.2), and how many of them carried Authorization. */
  foreignHost: { requests: number; withAuthorization: number };
  /** Every /api/ request since the last DELETE /control/api/requests (or reset). */
  requests: RequestRecord[];
  /** Bumped on reset so that webhook deliveries still running from before stop writing. */
  epoch: number;
  nextSeq: number;
};

export function createDefaultFaults(): Faults {
  return {
    api500: 0,
    apiDelayMs: 0,
    truncateDownloads: 0,
    corruptDownloads: 0,
    expireSignedUrls: 0,
    stallDownloads: 0,
    loseWebhooks: 0,
    connectEmptyData: false,
    redirectForeignHost: false,
  };
}

// Fixed ids so that an app database survives a sandbox restart.
export function createSeedUsers(): User[] {
  return [
    {
      user_id: "4e7594097e58d8f58a90a9fdceae250d",
      username: "alice",
      email: "alice@example.com",
      date_joined: "2019-06-07T11:13:32.980Z",
      credits: 16.4,
      recurring_credits: 2.0,
      onetime_credits: 14.4,
      recharge_date: "2026-05-09T16:15:05.597Z",
      recharge_recurring_credits: 2.0,
      notification_email: true,
      error_email: true,
      warning_email: true,
      low_credits_email: false,
      low_credits_threshold: 10,
    },
    {
      user_id: "b2f1c9d04a7e4c1f9e3d8a6b5c4d3e2f",
      username: "bob",
      email: "bob@example.com",
      date_joined: "2022-02-14T08:30:11.204Z",
      credits: 2.5,
      recurring_credits: 2.0,
      onetime_credits: 0.5,
      recharge_date: "2026-05-14T08:30:11.204Z",
      recharge_recurring_credits: 2.0,
      notification_email: true,
      error_email: true,
      warning_email: false,
      low_credits_email: true,
      low_credits_threshold: 5,
    },
    {
      user_id: "0c8e7f6a5b4d3c2e1f0a9b8c7d6e5f4a",
      username: "carol",
      email: "carol@example.com",
      date_joined: "2025-11-30T19:02:45.061Z",
      credits: 0,
      recurring_credits: 0,
      onetime_credits: 0,
      recharge_date: "2026-05-30T19:02:45.061Z",
      recharge_recurring_credits: 0,
      notification_email: false,
      error_email: true,
      warning_email: true,
      low_credits_email: true,
      low_credits_threshold: 1,
    },
  ];
}

const MP3_OUTPUT: PresetOutputFile = {
  format: "mp3",
  ending: "mp3",
  bitrate: 96,
  suffix: "",
  mono_mixdown: false,
  split_on_chapters: false,
};

const SPEECH_ALGORITHMS = {
  hipfilter: true,
  leveler: true,
  normloudness: true,
  loudnesstarget: -16,
  maxpeak: -1,
  denoise: true,
  denoiseamount: 0,
};

// Fixed uuids, like the users', so that an app database survives a sandbox restart.
export function createSeedPresets(): Preset[] {
  const created = Date.parse("2025-09-01T10:00:00.000Z");
  return [
    {
      uuid: "PresetAlicePodcastStd1",
      userId: "4e7594097e58d8f58a90a9fdceae250d",
      preset_name: "Podcast Standard",
      metadata: { artist: "Alice Example", album: "The Sandbox Show", publisher: "Podhaven Sandbox Media", genre: "Podcast", tags: ["podcast"] },
      outgoingServiceUuids: [],
      output_files: [{ ...MP3_OUTPUT }],
      algorithms: { ...SPEECH_ALGORITHMS },
      review_before_publishing: false,
      createdAt: created,
      changedAt: created,
    },
    {
      uuid: "PresetAliceInterview02",
      userId: "4e7594097e58d8f58a90a9fdceae250d",
      preset_name: "Interview Two Voices",
      metadata: { artist: "Alice Example and guests", album: "The Sandbox Show", genre: "Podcast", tags: ["interview"] },
      outgoingServiceUuids: [],
      output_files: [{ ...MP3_OUTPUT, bitrate: 128 }, { ...MP3_OUTPUT, format: "aac", ending: "m4a", bitrate: 80 }],
      algorithms: { ...SPEECH_ALGORITHMS, denoiseamount: 12 },
      review_before_publishing: false,
      createdAt: created + 60_000,
      changedAt: created + 60_000,
    },
    {
      uuid: "PresetBobsPresetNo0001",
      userId: "b2f1c9d04a7e4c1f9e3d8a6b5c4d3e2f",
      preset_name: "Bob's Preset",
      metadata: { artist: "Bob Example", album: "Notes from the Desk" },
      outgoingServiceUuids: [],
      output_files: [{ ...MP3_OUTPUT, bitrate: 64, mono_mixdown: true }],
      algorithms: { ...SPEECH_ALGORITHMS },
      review_before_publishing: false,
      createdAt: created + 120_000,
      changedAt: created + 120_000,
    },
  ];
}

export function createState(): SandboxState {
  return {
    users: createSeedUsers(),
    tokens: new Map(),
    codes: new Map(),
    services: [],
    presets: createSeedPresets(),
    productions: new Map(),
    faults: createDefaultFaults(),
    foreignHost: { requests: 0, withAuthorization: 0 },
    requests: [],
    epoch: 0,
    nextSeq: 1,
  };
}

export function resetState(state: SandboxState): void {
  const fresh = createState();
  state.users = fresh.users;
  state.tokens.clear();
  state.codes.clear();
  state.services = [];
  state.presets = fresh.presets;
  state.productions.clear();
  state.faults = fresh.faults;
  state.foreignHost = fresh.foreignHost;
  state.requests = [];
  state.epoch += 1;
}

export function findUserByName(state: SandboxState, username: string): User | undefined {
  return state.users.find((user) => user.username === username);
}

export function findUserById(state: SandboxState, userId: string): User | undefined {
  return state.users.find((user) => user.user_id === userId);
}

export function countActiveTokens(state: SandboxState, userId: string): number {
  let count = 0;
  for (const token of state.tokens.values()) if (token.userId === userId && !token.revoked) count++;
  return count;
}

export function createAccessToken(state: SandboxState, userId: string, now: number, token: string): AccessToken {
  const record: AccessToken = { token, userId, createdAt: now, revoked: false };
  state.tokens.set(token, record);
  return record;
}
