// The bad-input suite (issue 6): several hundred generated malformed inputs against the real entry points:
// Auphonic's webhook route, the server actions behind the forms, the media resolver and its byte ranges, and
// every (userId, id) function probed by another user. Real SQLite database, real sandbox over HTTP, real files.
// Each case must be refused cleanly (a 4xx with { error, message }, a field error, a 404) and write nothing.
import pg from "pg";
import { createHash, createHmac } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ActionState } from "@/lib/actions/action-state";
import type { SessionUser } from "@/lib/auth";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { showInput } from "@/lib/testing/show-input";
import { control, signIn, startTestSandbox } from "@/sandbox/test/helpers";

// The one stand-in: next-auth's session comes from a signed cookie inside a request scope that a unit test
// cannot create, so only the two session getters are replaced. Everything else in lib/auth stays real.
const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock("@/lib/auth", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/auth")>()),
  getSessionUser: async () => session.user,
  requireSessionUser: async () => {
    if (!session.user) throw new Error("This test has no signed-in user.");
    return session.user;
  },
}));

const APP_URL = "http://localhost:3999";
const CLIENT_SECRET = "podhaven-local-client-secret-not-for-production";
const MEDIA_DIR = mkdtempSync(path.join(tmpdir(), "podhaven-bad-input-media-"));

const databaseUrl = await createTestDatabase();
const { sandbox, base } = await startTestSandbox();
Object.assign(process.env, { APP_URL, AUPHONIC_BASE_URL: base, AUPHONIC_CLIENT_SECRET: CLIENT_SECRET, IMPORT_WORKER: "off", MEDIA_DIR });

const { db } = await import("@/lib/db");
const { POST: postWebhook } = await import("@/app/api/auphonic/webhook/[secret]/route");
const { GET: getMedia } = await import("@/app/media/[...key]/route");
const showActions = await import("@/app/(dashboard)/shows/actions");
const connectionActions = await import("@/app/(dashboard)/shows/[showId]/connections/actions");
const episodeActions = await import("@/app/(dashboard)/episodes/actions");
const { WEBHOOK_MAX_BYTES } = await import("@/lib/webhooks/receive-webhook");
const { COVER_MAX_BYTES } = await import("@/lib/shows/read-cover-image");
const { saveAuphonicSignIn } = await import("@/lib/users/save-auphonic-sign-in");
const { saveShow } = await import("@/lib/shows/save-show");
const { getShowForUserOrThrow } = await import("@/lib/shows/get-show-for-user");
const { getShowOr404 } = await import("@/lib/shows/get-show-or-404");
const { deleteShow } = await import("@/lib/shows/delete-show");
const { createConnection } = await import("@/lib/connections/create-connection");
const { updateConnection } = await import("@/lib/connections/update-connection");
const { deleteConnection } = await import("@/lib/connections/delete-connection");
const { rotateConnectionSecret } = await import("@/lib/connections/rotate-connection-secret");
const { getConnectionForUserOrThrow } = await import("@/lib/connections/get-connection-for-user");
const { getConnectionOr404 } = await import("@/lib/connections/get-connection-or-404");
const { listConnectionsForShow } = await import("@/lib/connections/list-connections-for-show");
const { listDeliveriesForConnection } = await import("@/lib/connections/list-deliveries-for-connection");
const { getEpisodeForUserOrThrow } = await import("@/lib/episodes/get-episode-for-user");
const { getEpisodeOr404 } = await import("@/lib/episodes/get-episode-or-404");
const { retryImport } = await import("@/lib/episodes/retry-import");
const { setEpisodePublished } = await import("@/lib/episodes/set-episode-published");
const { resolveMediaRequest } = await import("@/lib/media/resolve-media-request");
const { resolvePublicMedia: resolvePublicMediaKey } = await import("@/lib/media/media-index");
const { serveMediaFile } = await import("@/lib/media/serve-media-file");
const { getStorage } = await import("@/lib/storage/media-storage");
const writeMediaFile = async (key: string, bytes: Uint8Array) =>
  (await getStorage()).put(key, bytes, { contentType: "application/octet-stream", maxBytes: Number.MAX_SAFE_INTEGER });

// ---------------------------------------------------------------------------------------------------------
// Seed, through the real functions where there is one: Alice (user A) with a show, two live connections and a
// deleted one, a failed draft episode and a published one with audio; Bob (user B) with a show of his own.

const signInUser = async (username: string) =>
  saveAuphonicSignIn({ userId: `${username}-id`, username, email: null, credits: 1 }, await signIn(base, username));
const alice = await signInUser("alice");
const bob = await signInUser("bob");
const sessionOf = (id: string, username: string): SessionUser => ({ id, username, isAuphonicTokenInvalid: false });

const aliceShow = await saveShow(alice.id, null, showInput("family"), null);
const bobShow = await saveShow(bob.id, null, showInput("bobs-show"), null);
const publish = await createConnection(alice.id, aliceShow.id, { displayName: "Family - Publish", customData: '{"publishState":"publish"}' });
const draft = await createConnection(alice.id, aliceShow.id, { displayName: "Family - Draft", customData: '{"publishState":"draft"}' });
const gone = await createConnection(alice.id, aliceShow.id, { displayName: "Family - Gone", customData: "{}" });
await deleteConnection(alice.id, gone.id);

const draftEpisode = await db.episode.create({
  data: {
    userId: alice.id,
    showId: aliceShow.id,
    connectionId: draft.id,
    productionUuid: "DraftProduction0000001",
    guid: "00000000-0000-4000-8000-000000000001",
    importState: "failed",
    importError: "boom",
  },
});
const publishedEpisode = await db.episode.create({
  data: {
    userId: alice.id,
    showId: aliceShow.id,
    connectionId: publish.id,
    productionUuid: "PublishedProduction001",
    guid: "00000000-0000-4000-8000-000000000002",
    state: "published",
    publishedAt: new Date("2024-01-01T00:00:00Z"),
    importState: "ready",
    audioVersion: 1,
  },
});
const AUDIO = new Uint8Array(readFileSync("sandbox/fixtures/episode.mp3"));
const publishedAudioKey = `episodes/${publishedEpisode.id}/v1/episode.mp3`;
const draftAudioKey = `episodes/${draftEpisode.id}/v1/episode.mp3`;
for (const [episodeId, key] of [[publishedEpisode.id, publishedAudioKey], [draftEpisode.id, draftAudioKey]] as const) {
  await writeMediaFile(key, AUDIO);
  await db.mediaFile.create({
    data: { episodeId, kind: "audio", format: "mp3", key, filename: "episode.mp3", contentType: "audio/mpeg", size: AUDIO.length, isEnclosure: true },
  });
}
const coverKey = `shows/${aliceShow.id}/cover-0123456789abcdef.jpg`;
await writeMediaFile(coverKey, new Uint8Array(readFileSync("sandbox/fixtures/cover.jpg")));
await db.show.update({ where: { id: aliceShow.id }, data: { coverPath: coverKey } });

afterAll(async () => {
  await reader.end();
  await sandbox.close();
  await db.$disconnect();
});

// ---------------------------------------------------------------------------------------------------------
// "Nothing changed": every table, the media folder and what the sandbox has registered.

// Read on one plain connection of its own: the same rows Prisma wrote, at a fraction of the cost, which matters
// with a snapshot before and after each of ~1500 cases. The job engine's jobs count as app rows.
const reader = new pg.Client({ connectionString: databaseUrl });
await reader.connect();
const selectAll = async (table: string) => (await reader.query(`SELECT * FROM ${table} ORDER BY 1`)).rows; // the key comes first
const APP_TABLES = ['"User"', '"Show"', '"ShowSlug"', '"Connection"', '"Episode"', '"MediaFile"', '"DeletedProduction"', "pgboss.job"];
const allDeliveries = () => selectAll('"Delivery"');
const deliveriesExcept = async (ids: string[]) =>
  (await reader.query(`SELECT * FROM "Delivery" WHERE NOT (id = ANY($1)) ORDER BY "receivedAt", id`, [ids])).rows;

async function appRows() {
  const rows: Record<string, unknown[]> = {};
  for (const table of APP_TABLES) rows[table] = await selectAll(table);
  return rows;
}

function mediaFolder(): string[] {
  return (readdirSync(MEDIA_DIR, { recursive: true }) as string[])
    .map((entry) => {
      const info = statSync(path.join(MEDIA_DIR, entry));
      return `${entry}:${info.isFile() ? info.size : "dir"}:${info.mtimeMs}`;
    })
    .sort();
}

async function everything() {
  const state = await control<{ users: unknown[] }>(base, "/state");
  return { ...(await appRows()), deliveries: await allDeliveries(), media: mediaFolder(), sandboxUsers: state.body.users };
}

/** Runs `act` and checks that nothing anywhere changed; returns what `act` returned. */
async function withoutWrites<T>(act: () => Promise<T>): Promise<T> {
  const before = await everything();
  const result = await act();
  expect(await everything()).toEqual(before);
  return result;
}

/** Messages a person can read: present, short, and no internals. */
function expectReadable(message: unknown) {
  expect(typeof message).toBe("string");
  const text = String(message);
  expect(text.trim().length).toBeGreaterThan(0);
  expect(text.length).toBeLessThan(200);
  expect(text).not.toMatch(/\n[ \t]+at |prisma|sqlite|TypeError|ReferenceError|\[object /i);
}

const MISSING = Symbol("missing");
type FieldValue = string | Blob | typeof MISSING;

function formData(fields: Record<string, FieldValue>): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) if (value !== MISSING) form.append(key, value);
  return form;
}

const aTextFile = () => new File(["Family Podcast"], "value.txt", { type: "text/plain" });
const encoder = new TextEncoder();
const bytesOf = (value: Uint8Array | string): Uint8Array<ArrayBuffer> =>
  typeof value === "string" ? encoder.encode(value) : new Uint8Array(value);

/** Deterministic "random" bytes, so a failing case can be re-run exactly. */
function noise(length: number, seed: string): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(length);
  let block = createHash("sha256").update(seed).digest();
  for (let offset = 0; offset < length; offset += block.length) {
    out.set(block.subarray(0, Math.min(block.length, length - offset)), offset);
    block = createHash("sha256").update(block).digest();
  }
  return out;
}

// =========================================================================================================
// 1. Webhook requests

const b64url = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");
const hmac = (input: string, secret = CLIENT_SECRET, hash = "sha256") => createHmac(hash, secret).update(input).digest("base64url");

/** A compact JWS of any header and payload (strings are taken as the JSON text), HMAC-signed. */
function jws(header: unknown, payload: unknown, secret = CLIENT_SECRET, hash = "sha256"): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${hmac(input, secret, hash)}`;
}

let uuidCounter = 0;
/** A production uuid nobody has delivered: an accidental acceptance would create its episode. */
const freshUuid = () => `Bad${String(++uuidCounter).padStart(19, "0")}`;
const HS256 = { alg: "HS256", typ: "JWT" };
const validToken = () => jws(HS256, { uuid: freshUuid() });
const tokenParts = () => {
  const [h = "", p = "", s = ""] = validToken().split(".");
  return { h, p, s, t: `${h}.${p}.${s}` };
};
const insertMiddle = (text: string, insert: string) => text.slice(0, text.length >> 1) + insert + text.slice(text.length >> 1);
const now = () => Math.floor(Date.now() / 1000);

type WebhookCase = {
  area: string;
  name: string;
  /** Defaults to the live publish connection's secret. */
  secret?: string;
  /** Defaults to a valid token for a fresh production. */
  body?: () => Uint8Array | string;
  /** Instead of `body`: a streamed body and whatever else the request needs. */
  init?: () => RequestInit;
  /** Defaults to Content-Type: application/jwt. */
  headers?: Record<string, string>;
  status?: number | number[];
  error?: string;
  /** The connection the refused Delivery must name (null: none identified). Defaults to the publish connection. */
  connection?: "publish" | "gone" | null;
};

const JWT_TYPE = { "Content-Type": "application/jwt" };
const webhookCases: WebhookCase[] = [];
const addWebhook = (area: string, cases: Omit<WebhookCase, "area">[]) => webhookCases.push(...cases.map((c) => ({ area, ...c })));

function streamed(bytes: Uint8Array, chunkSize: number): RequestInit {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += chunkSize) controller.enqueue(bytes.slice(offset, offset + chunkSize));
      controller.close();
    },
  });
  return { body, duplex: "half" } as RequestInit;
}

// Bodies ----------------------------------------------------------------------------------------------------
addWebhook("body", [
  ...(
    [
      ["empty", ""],
      ["one space", " "],
      ["CRLF only", "\r\n"],
      ["tabs and newlines", "\t\n\t\n "],
      ["a single dot", "."],
      ["the word null", "null"],
    ] as const
  ).map(([label, text]) => ({ name: `${label} body`, body: () => text, status: 400 })),
  ...[1, 3, 64, 777, 4096, WEBHOOK_MAX_BYTES].map((length) => ({
    name: `${length} binary bytes`,
    body: () => noise(length, `binary-${length}`),
    status: 400,
  })),
  { name: "100 NUL bytes", body: () => new Uint8Array(100), status: 400 },
  { name: "100 0xFF bytes", body: () => new Uint8Array(100).fill(0xff), status: 400 },
]);

const INVALID_UTF8: [string, number[]][] = [
  ["a lone continuation byte", [0x80]],
  ["a lone 0xBF", [0xbf]],
  ["an overlong slash", [0xc0, 0xaf]],
  ["an overlong NUL", [0xc0, 0x80]],
  ["a UTF-8-encoded surrogate", [0xed, 0xa0, 0x80]],
  ["a 0xFE byte", [0xfe]],
  ["a 0xFF byte", [0xff]],
  ["a cut 2-byte sequence", [0xc3]],
  ["a cut 3-byte sequence", [0xe2, 0x82]],
  ["a cut 4-byte sequence", [0xf0, 0x9f, 0x98]],
  ["a code point above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
  ["a 5-byte lead", [0xf8, 0x88, 0x80, 0x80, 0x80]],
];
const UTF8_POSITIONS: [string, (bad: Uint8Array) => Uint8Array][] = [
  ["alone", (bad) => bad],
  ["before a valid JWT", (bad) => Buffer.concat([bad, encoder.encode(validToken())])],
  ["after a valid JWT", (bad) => Buffer.concat([encoder.encode(validToken()), bad])],
  ["in place of the first dot", (bad) => {
    const { h, p, s } = tokenParts();
    return Buffer.concat([encoder.encode(h), bad, encoder.encode(`${p}.${s}`)]);
  }],
  ["inside the signature", (bad) => {
    const { h, p, s } = tokenParts();
    return Buffer.concat([encoder.encode(`${h}.${p}.${s.slice(0, 20)}`), bad, encoder.encode(s.slice(20))]);
  }],
];
for (const [label, bytes] of INVALID_UTF8) {
  for (const [where, place] of UTF8_POSITIONS) {
    addWebhook("body: non-UTF-8", [{ name: `${label} ${where}`, body: () => place(new Uint8Array(bytes)), status: 400, error: "BAD_REQUEST" }]);
  }
}

addWebhook(
  "body: JSON instead of a JWT",
  (
    [
      ["a JSON object with the uuid", () => JSON.stringify({ uuid: freshUuid() })],
      ["the JWT inside a JSON object", () => JSON.stringify({ token: validToken() })],
      ["the JWT as a JSON string", () => JSON.stringify(validToken())],
      ["the JWT in a JSON array", () => JSON.stringify([validToken()])],
      ["the decoded header and payload", () => JSON.stringify({ header: HS256, payload: { uuid: freshUuid() } })],
      ["JWS JSON serialization (flattened)", () => {
        const { h, p, s } = tokenParts();
        return JSON.stringify({ protected: h, payload: p, signature: s });
      }],
      ["JWS JSON serialization (general)", () => {
        const { h, p, s } = tokenParts();
        return JSON.stringify({ payload: p, signatures: [{ protected: h, signature: s }] });
      }],
      ["an empty object", () => "{}"],
      ["an empty array", () => "[]"],
      ["a number", () => "42"],
      ["true", () => "true"],
      ["a string", () => '"hello"'],
    ] as const
  ).map(([name, body]) => ({ name, body, status: 400 })),
);

addWebhook(
  "body: dots and parts",
  (
    [
      ["a trailing dot", ({ t }) => `${t}.`],
      ["a leading dot", ({ t }) => `.${t}`],
      ["a doubled first dot", ({ h, p, s }) => `${h}..${p}.${s}`],
      ["a doubled second dot", ({ h, p, s }) => `${h}.${p}..${s}`],
      ["two tokens joined by a dot", ({ t }) => `${t}.${t}`],
      ["two tokens on two lines", ({ t }) => `${t}\n${t}`],
      ["two tokens separated by a space", ({ t }) => `${t} ${t}`],
      ["four parts", ({ h, p, s }) => `${h}.${p}.${s}.${s}`],
      ["five parts, shaped like a JWE", ({ h, p, s }) => `${h}.${p}.${s}.${p}.${s}`],
      ["two parts", ({ h, p }) => `${h}.${p}`],
      ["one part", ({ h }) => h],
      ["only four dots", () => "...."],
      ["a hundred dots", () => ".".repeat(100)],
      ["a dot between every character", ({ t }) => [...t].join(".")],
      ["commas for dots", ({ t }) => t.replaceAll(".", ",")],
      ["slashes for dots", ({ t }) => t.replaceAll(".", "/")],
      ["colons for dots", ({ t }) => t.replaceAll(".", ":")],
    ] as [string, (parts: ReturnType<typeof tokenParts>) => string][]
  ).map(([name, make]) => ({ name, body: () => make(tokenParts()), status: [400, 401] })),
);

const UNICODE: [string, string][] = [
  ["é", "é"],
  ["an emoji", "😀"],
  ["a no-break space", "\u00a0"],
  ["a zero-width space", "\u200b"],
  ["a right-to-left override", "\u202e"],
  ["a byte-order mark", "\ufeff"],
  ["a Cyrillic а", "\u0430"],
  ["a fullwidth A", "\uff21"],
  ["a combining accent", "\u0301"],
  ["a NUL", "\u0000"],
  ["a line separator", "\u2028"],
];
for (const [label, char] of UNICODE) {
  for (const part of ["header", "payload", "signature"] as const) {
    addWebhook("body: unicode", [
      {
        name: `${label} inside the ${part}`,
        body: () => {
          const { h, p, s } = tokenParts();
          if (part === "header") return `${insertMiddle(h, char)}.${p}.${s}`;
          if (part === "payload") return `${h}.${insertMiddle(p, char)}.${s}`;
          return `${h}.${p}.${insertMiddle(s, char)}`;
        },
        status: [400, 401],
      },
    ]);
  }
}
const DOT_LOOKALIKES = [
  ["fullwidth full stops", "\uff0e"],
  ["one-dot leaders", "\u2024"],
  ["ideographic full stops", "\u3002"],
  ["middle dots", "\u00b7"],
  ["Arabic full stops", "\u06d4"],
] as const;
for (const [label, dot] of DOT_LOOKALIKES) {
  addWebhook("body: unicode", [{ name: `${label} for dots`, body: () => tokenParts().t.replaceAll(".", dot), status: 400 }]);
}

// Headers ---------------------------------------------------------------------------------------------------
const WRONG_TYPES = [
  "application/json",
  "text/plain",
  "text/plain; charset=utf-8",
  "application/jwt+json",
  "application/jose",
  "application/jose+json",
  "application/x-jwt",
  "application/octet-stream",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=xyz",
  "text/html",
  "application/jw",
  "application/jwtx",
  "application/ jwt",
  "application/jwt, text/plain",
  "application/jwt x",
  "jwt",
  "application",
  "*/*",
  "application/*",
  "",
  "; charset=utf-8",
];
addWebhook("headers: wrong Content-Type", [
  ...WRONG_TYPES.map((type, index) => ({
    name: `Content-Type #${index + 1} (${type.replace(/[^a-z/+*;= -]/gi, "") || "empty"})`,
    headers: { [["Content-Type", "content-type", "CONTENT-TYPE"][index % 3]!]: type },
    body: () => bytesOf(validToken()),
    status: 415,
    error: "UNSUPPORTED_MEDIA_TYPE",
  })),
  { name: "no headers at all", headers: {}, body: () => bytesOf(validToken()), status: 415, error: "UNSUPPORTED_MEDIA_TYPE" },
  ...["Content_Type", "Content-Typ", "X-Content-Type", "Accept"].map((header) => ({
    name: `application/jwt sent as ${header}`,
    headers: { [header]: "application/jwt" },
    body: () => bytesOf(validToken()),
    status: 415,
    error: "UNSUPPORTED_MEDIA_TYPE",
  })),
]);

// Content types the route accepts (casing, parameters), each with bodies that are not a good JWT.
const ACCEPTED_TYPES = [
  "application/jwt",
  "APPLICATION/JWT",
  "Application/Jwt",
  "application/JWT",
  "application/jwt; charset=utf-8",
  "application/jwt;charset=UTF-8",
  'application/jwt ; charset="utf-8"',
  "application/jwt; charset=iso-8859-1",
  "application/jwt; charset=utf-16",
  "application/jwt;",
  "application/jwt; q=0.1",
  "  application/jwt  ",
];
const BAD_BODIES: [string, () => Uint8Array | string, number][] = [
  ["an empty body", () => "", 400],
  ["plain text", () => "not a jwt", 400],
  ["JSON", () => JSON.stringify({ uuid: freshUuid() }), 400],
  ["non-UTF-8 bytes", () => new Uint8Array([0xff, 0xfe, 0x00]), 400],
  ["half a JWT", () => validToken().slice(0, 60), 400],
  ["a JWT signed with another secret", () => jws(HS256, { uuid: freshUuid() }, "not-the-client-secret-at-all-123"), 401],
];
ACCEPTED_TYPES.forEach((type, index) => {
  for (const [label, body, status] of BAD_BODIES) {
    addWebhook("headers: accepted Content-Type, bad body", [
      { name: `Content-Type #${index + 1} with ${label}`, headers: { [["Content-Type", "content-type", "CONTENT-TYPE"][index % 3]!]: type }, body, status },
    ]);
  }
});

// JWT parts -------------------------------------------------------------------------------------------------
const PART_REPLACEMENTS: [string, string][] = [
  ["empty", ""],
  ["not base64url", "!!!!"],
  ["standard base64 with + / =", "ab+c/d=="],
  ["percent-encoded", "%7B%7D"],
  ["base64 of text that is not JSON", b64url("hello world")],
  ["base64 of a JSON array", b64url([HS256])],
  ["base64 of JSON null", b64url("null")],
  ["base64 of a JSON number", b64url("42")],
  ["base64 of a JSON string", b64url('"HS256"')],
  ["base64 of JSON true", b64url("true")],
  ["base64 of 2000 nested arrays", b64url(`${"[".repeat(2000)}${"]".repeat(2000)}`)],
  ["base64 of 500 nested objects", b64url(`${'{"a":'.repeat(500)}1${"}".repeat(500)}`)],
  ["base64 of an object with a 3000-character key", b64url({ ["k".repeat(3000)]: 1 })],
  ["base64 of truncated JSON", b64url('{"alg":"HS256"')],
  ["base64 of JSON with a trailing comma", b64url('{"alg":"HS256",}')],
  ["base64 of UTF-16 JSON", Buffer.from(JSON.stringify(HS256), "utf16le").toString("base64url")],
  ["base64 of non-UTF-8 bytes", Buffer.from([0xff, 0xfe, 0x7b, 0x7d]).toString("base64url")],
];
for (const [label, replacement] of PART_REPLACEMENTS) {
  addWebhook("JWT parts", [
    {
      name: `header ${label} (re-signed)`,
      body: () => {
        const { p } = tokenParts();
        return `${replacement}.${p}.${hmac(`${replacement}.${p}`)}`;
      },
      status: [400, 401],
    },
    {
      name: `payload ${label} (re-signed)`,
      body: () => {
        const { h } = tokenParts();
        return `${h}.${replacement}.${hmac(`${h}.${replacement}`)}`;
      },
      status: [400, 401],
    },
    {
      name: `signature ${label}`,
      body: () => {
        const { h, p } = tokenParts();
        return `${h}.${p}.${replacement}`;
      },
      status: [400, 401],
    },
  ]);
}

// Algorithms: each alg value, with an HMAC-SHA256 signature, an empty one and 43 junk characters.
const MISSING_ALG = Symbol("no alg");
const ALGS: unknown[] = [
  "none", "None", "NONE", "HS384", "HS512", "RS256", "RS384", "ES256", "PS256", "EdDSA", "A256KW", "dir", "",
  " HS256", "HS256 ", "hs256", "HS256\u0000", "HS2560", null, 256, true, ["HS256"], { name: "HS256" }, MISSING_ALG,
];
const SIGNATURES: [string, (input: string) => string][] = [
  ["HMAC-SHA256 with the client secret", (input) => hmac(input)],
  ["an empty signature", () => ""],
  ["43 junk characters", () => "A".repeat(43)],
];
ALGS.forEach((alg, index) => {
  const header = alg === MISSING_ALG ? { typ: "JWT" } : { alg, typ: "JWT" };
  for (const [label, sign] of SIGNATURES) {
    addWebhook("JWT alg", [
      {
        name: `alg #${index + 1} (${alg === MISSING_ALG ? "missing" : typeof alg}) with ${label}`,
        body: () => {
          const input = `${b64url(header)}.${b64url({ uuid: freshUuid() })}`;
          return `${input}.${sign(input)}`;
        },
        status: [400, 401],
      },
    ]);
  }
});
addWebhook("JWT alg", [
  { name: "HS384 signed with the client secret", body: () => jws({ alg: "HS384" }, { uuid: freshUuid() }, CLIENT_SECRET, "sha384"), status: 401 },
  { name: "HS512 signed with the client secret", body: () => jws({ alg: "HS512" }, { uuid: freshUuid() }, CLIENT_SECRET, "sha512"), status: 401 },
]);

// Key-selection headers an attacker controls, each signed with a key of the attacker's choosing.
const KEY_HEADERS: [string, Record<string, unknown>][] = [
  ["kid traversal", { kid: "../../../../dev/null" }],
  ["kid SQL", { kid: "' OR 1=1 --" }],
  ["kid of 3000 characters", { kid: "k".repeat(3000) }],
  ["kid null", { kid: null }],
  ["kid as a number", { kid: 123 }],
  ["jku to another host", { jku: "https://evil.example/jwks.json" }],
  ["x5u to another host", { x5u: "https://evil.example/cert.pem" }],
  ["an embedded jwk", { jwk: { kty: "oct", k: b64url("attacker-secret") } }],
  ["an x5c chain", { x5c: ["MIIBszCCAVmgAwIBAgIU"] }],
  ["an x5t thumbprint", { x5t: "abc" }],
  ["typ JWE", { typ: "JWE" }],
  ["cty JWT (nested)", { cty: "JWT" }],
  ["zip DEF", { zip: "DEF" }],
  ["enc A256GCM", { enc: "A256GCM" }],
  ["epk", { epk: { kty: "EC", crv: "P-256", x: "x", y: "y" } }],
];
for (const [label, extra] of KEY_HEADERS) {
  for (const [keyLabel, key] of [["an attacker's secret", "attacker-secret"], ["an empty secret", ""]] as const) {
    addWebhook("JWT key headers", [
      { name: `${label}, signed with ${keyLabel}`, body: () => jws({ alg: "HS256", ...extra }, { uuid: freshUuid() }, key), status: [400, 401] },
    ]);
  }
}

// crit: extensions we do not understand must be refused even when the signature is right.
addWebhook(
  "JWT crit",
  (
    [
      ["an unknown extension", { crit: ["podhaven"], podhaven: 1 }],
      ["an empty list", { crit: [] }],
      ["a string", { crit: "exp" }],
      ["a number in the list", { crit: [1] }],
      ["kid", { crit: ["kid"], kid: "x" }],
      ["exp", { crit: ["exp"], exp: 1 }],
      ["a missing parameter", { crit: ["missing"] }],
      ["null", { crit: null }],
      ["b64 without b64", { crit: ["b64"] }],
      ["alg", { crit: ["alg"] }],
      ["the same extension twice", { crit: ["podhaven", "podhaven"], podhaven: 1 }],
    ] as const
  ).map(([label, extra]) => ({ name: `crit: ${label}`, body: () => jws({ alg: "HS256", ...extra }, { uuid: freshUuid() }), status: [400, 401] })),
);
addWebhook("JWT crit", [
  {
    name: "unencoded payload (RFC 7797), correctly signed",
    body: () => {
      const header = b64url({ alg: "HS256", b64: false, crit: ["b64"] });
      const payload = JSON.stringify({ uuid: freshUuid() });
      return `${header}.${payload}.${hmac(`${header}.${payload}`)}`;
    },
    status: [400, 401],
  },
  {
    name: "unencoded payload (RFC 7797), detached",
    body: () => {
      const header = b64url({ alg: "HS256", b64: false, crit: ["b64"] });
      return `${header}..${hmac(`${header}.${JSON.stringify({ uuid: freshUuid() })}`)}`;
    },
    status: [400, 401],
  },
]);

// Claims, correctly signed ----------------------------------------------------------------------------------
const UUID_MISSING = Symbol("no uuid");
const sample = "AbCdEfGhIjKlMnOpQrStUv"; // 22 letters, the shape of a real one
const UUIDS: [string, unknown][] = [
  ["missing", UUID_MISSING],
  ["null", null],
  ["empty", ""],
  ["a number", 1234567890123456789012],
  ["a fraction", 1.5],
  ["true", true],
  ["an array", [sample]],
  ["an object", { value: sample }],
  ["21 characters", sample.slice(0, 21)],
  ["23 characters", `${sample}a`],
  ["one character", "a"],
  ["100 characters", "a".repeat(100)],
  ["5000 characters", "a".repeat(5000)],
  ...[..."-_.+/= !%'\"\\*:;<"].map((symbol): [string, string] => [`with ${JSON.stringify(symbol)}`, `${sample.slice(0, 21)}${symbol}`]),
  ...(
    [
      ["a Cyrillic а", "\u0430"],
      ["a Greek Α", "\u0391"],
      ["a fullwidth A", "\uff21"],
      ["a fullwidth 1", "\uff11"],
      ["a mathematical bold A", "\ud835\udc00"],
      ["a dotless ı", "\u0131"],
      ["a long s", "\u017f"],
      ["a letter with a combining accent", "a\u0301"],
    ] as const
  ).map(([label, char]): [string, string] => [`with ${label}`, `${sample.slice(0, 21)}${char}`]),
  ["with a NUL at the end", `${sample.slice(0, 21)}\u0000`],
  ["with a NUL at the start", `\u0000${sample.slice(1)}`],
  ["followed by a NUL", `${sample}\u0000`],
  ["22 NULs", "\u0000".repeat(22)],
  ["followed by a newline", `${sample}\n`],
  ["with a leading space", ` ${sample.slice(1)}`],
  ["with a tab", `${sample.slice(0, 21)}\t`],
  ["with a zero-width space", insertMiddle(sample.slice(0, 21), "\u200b")],
  ["a path", "../../../../etc/passwd"],
  ["percent-encoded", "..%2F..%2F..%2Fetc%2Fpa"],
  ["SQL", "' OR '1'='1' --aaaaaaa"],
  ["a webhook secret", "A".repeat(43)],
];
UUIDS.forEach(([label, uuid], index) => {
  addWebhook("claims: uuid", [
    {
      name: `uuid #${index + 1}: ${label}`,
      body: () => jws(HS256, uuid === UUID_MISSING ? { custom_data: "{}" } : { uuid, custom_data: "{}" }),
      status: 400,
      error: "BAD_REQUEST",
    },
  ]);
});

const CUSTOM_DATA: [string, unknown][] = [
  ["an object", { publishState: "publish" }],
  ["a number", 2],
  ["a fraction", 2.5],
  ["a negative number", -1],
  ["true", true],
  ["false", false],
  ["an empty array", []],
  ["an array", ["publish"]],
  ["an empty object", {}],
  ["a nested object", { a: { b: { c: "publish" } } }],
  ["a 4000-character object", { note: "x".repeat(4000) }],
  ["an array of 500 numbers", Array.from({ length: 500 }, (_, i) => i)],
];
for (const [label, customData] of CUSTOM_DATA) {
  addWebhook("claims: custom_data", [
    { name: `custom_data as ${label}`, body: () => jws(HS256, { uuid: freshUuid(), custom_data: customData }), status: 400, error: "BAD_REQUEST" },
  ]);
}
addWebhook("claims: custom_data", [
  { name: "a 6000-character custom_data string and no uuid", body: () => jws(HS256, { custom_data: "x".repeat(6000) }), status: 400 },
  { name: "a valid custom_data and a 21-character uuid", body: () => jws(HS256, { uuid: sample.slice(0, 21), custom_data: '{"publishState":"publish"}' }), status: 400 },
]);

const TIME_CLAIMS: [string, () => Record<string, unknown>][] = [
  ["exp a second ago", () => ({ exp: now() - 1 })],
  ["exp a minute ago", () => ({ exp: now() - 60 })],
  ["exp an hour ago", () => ({ exp: now() - 3600 })],
  ["exp a year ago", () => ({ exp: now() - 365 * 86400 })],
  ["exp 0", () => ({ exp: 0 })],
  ["exp 1", () => ({ exp: 1 })],
  ["exp -1", () => ({ exp: -1 })],
  ["exp -1e12", () => ({ exp: -1e12 })],
  ["exp a fraction in the past", () => ({ exp: now() - 10.5 })],
  ["exp as a string", () => ({ exp: "tomorrow" })],
  ["exp as a numeric string", () => ({ exp: String(now() + 3600) })],
  ["exp null", () => ({ exp: null })],
  ["exp true", () => ({ exp: true })],
  ["exp as an array", () => ({ exp: [now() + 3600] })],
  ["exp as an object", () => ({ exp: {} })],
  ["nbf in an hour", () => ({ nbf: now() + 3600 })],
  ["nbf in a day", () => ({ nbf: now() + 86400 })],
  ["nbf as a string", () => ({ nbf: "later" })],
  ["iat as a string", () => ({ iat: "now" })],
  ["iat as an array", () => ({ iat: [] })],
  ["exp in the past and nbf in the future", () => ({ exp: now() - 60, nbf: now() + 60 })],
];
for (const [label, claims] of TIME_CLAIMS) {
  addWebhook("claims: time", [{ name: label, body: () => jws(HS256, { uuid: freshUuid(), ...claims() }), status: [400, 401] }]);
}

// Sizes around WEBHOOK_MAX_BYTES ------------------------------------------------------------------------------
const padTo = (text: string, length: number) => bytesOf(text.padEnd(length, " "));
const DELIVERY_MODES: [string, (length: number) => Record<string, string>, (bytes: Uint8Array) => RequestInit][] = [
  ["with its Content-Length", (length) => ({ ...JWT_TYPE, "Content-Length": String(length) }), (bytes) => ({ body: new Uint8Array(bytes) })],
  ["streamed in 1000-byte chunks", () => JWT_TYPE, (bytes) => streamed(bytes, 1000)],
  ["streamed in one chunk", () => JWT_TYPE, (bytes) => streamed(bytes, bytes.length)],
];
const AT_MOST_LIMIT: [string, (length: number) => Uint8Array][] = [
  ["letters", (length) => bytesOf("A".repeat(length))],
  ["a signed JWT without uuid, padded", (length) => padTo(jws(HS256, { note: "no uuid" }), length)],
  ["a valid JWT with a fourth part", (length) => bytesOf(`${validToken()}.`.padEnd(length, "A"))],
];
const OVER_LIMIT: [string, (length: number) => Uint8Array][] = [
  ["a valid JWT padded with spaces", (length) => padTo(validToken(), length)],
  ["letters", (length) => bytesOf("A".repeat(length))],
];
// Bodies are built when the case runs (the largest is 1 MiB).
for (const length of [WEBHOOK_MAX_BYTES - 2, WEBHOOK_MAX_BYTES - 1, WEBHOOK_MAX_BYTES]) {
  for (const [label, make] of AT_MOST_LIMIT) {
    for (const [mode, headersFor, initFor] of DELIVERY_MODES) {
      addWebhook("sizes: at most the limit", [
        { name: `${length} bytes of ${label}, ${mode}`, headers: headersFor(length), init: () => initFor(make(length)), status: 400, error: "BAD_REQUEST" },
      ]);
    }
  }
}
for (const length of [WEBHOOK_MAX_BYTES + 1, WEBHOOK_MAX_BYTES + 2, WEBHOOK_MAX_BYTES + 100, 2 * WEBHOOK_MAX_BYTES, 64 * 1024, 1024 * 1024]) {
  for (const [label, make] of OVER_LIMIT) {
    for (const [mode, headersFor, initFor] of DELIVERY_MODES) {
      addWebhook("sizes: over the limit", [
        { name: `${length} bytes of ${label}, ${mode}`, headers: headersFor(length), init: () => initFor(make(length)), status: 413, error: "PAYLOAD_TOO_LARGE" },
      ]);
    }
  }
}
addWebhook(
  "sizes: lying Content-Length",
  (
    [
      ["8193 declared, 7 sent", "8193", "garbage", 413],
      ["99999999999 declared, 7 sent", "99999999999", "garbage", 413],
      ["1e5 declared, 7 sent", "1e5", "garbage", 413],
      ["0x2001 declared, 7 sent", "0x2001", "garbage", [400, 413]],
      ["10 declared, 9000 sent", "10", "A".repeat(9000), 413],
      ["8192 declared, 8193 sent", "8192", "A".repeat(8193), 413],
      ["0 declared, a valid JWT padded past the limit sent", "0", validToken().padEnd(WEBHOOK_MAX_BYTES + 1, " "), 413],
      ["abc declared", "abc", "garbage", 400],
      ["-1 declared", "-1", "garbage", 400],
      ["an empty Content-Length", "", "garbage", 400],
      ["1.5 declared", "1.5", "garbage", 400],
    ] as [string, string, string, number | number[]][]
  ).map(([name, declared, body, status]) => ({ name, headers: { ...JWT_TYPE, "Content-Length": declared }, body: () => bytesOf(body), status })),
);

// Encodings of an otherwise valid JWT -----------------------------------------------------------------------
const utf16be = (text: string) => Buffer.from(text, "utf16le").swap16();
addWebhook(
  "encodings",
  (
    [
      ["UTF-16LE with a BOM", (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, "utf16le")])],
      ["UTF-16LE without a BOM", (t) => Buffer.from(t, "utf16le")],
      ["UTF-16BE with a BOM", (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(t)])],
      ["UTF-16BE without a BOM", (t) => utf16be(t)],
      ["UTF-32LE", (t) => Buffer.concat([...t].map((char) => { const b = Buffer.alloc(4); b.writeUInt32LE(char.codePointAt(0)!); return b; }))],
      ["gzip, with Content-Encoding", (t) => gzipSync(t), { "Content-Encoding": "gzip" }],
      ["gzip, without Content-Encoding", (t) => gzipSync(t)],
      ["deflate, with Content-Encoding", (t) => deflateSync(t), { "Content-Encoding": "deflate" }],
      ["brotli, with Content-Encoding", (t) => brotliCompressSync(t), { "Content-Encoding": "br" }],
      ["standard base64 of the token", (t) => Buffer.from(t).toString("base64")],
      ["base64url of the token", (t) => Buffer.from(t).toString("base64url")],
      ["hex of the token", (t) => Buffer.from(t).toString("hex")],
      ["every character percent-encoded", (t) => [...t].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0")}`).join("")],
      ["HTML character references", (t) => [...t].map((c) => `&#${c.charCodeAt(0)};`).join("")],
      ["quoted-printable style", (t) => [...t].map((c) => `=${c.charCodeAt(0).toString(16).toUpperCase()}`).join("")],
      ["a Bearer prefix", (t) => `Bearer ${t}`],
      ["a form field", (t) => `token=${t}`],
      ["a data URL", (t) => `data:application/jwt,${t}`],
      ["a Latin-1 é in front", (t) => Buffer.concat([Buffer.from([0xe9]), Buffer.from(t)])],
      ["Windows-1252 curly quotes around it", (t) => Buffer.concat([Buffer.from([0x93]), Buffer.from(t), Buffer.from([0x94])])],
      ["ROT13", (t) => t.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.toLowerCase().charCodeAt(0) - 97 + 13) % 26) + (c < "a" ? 65 : 97)))],
      ["upper-cased", (t) => t.toUpperCase()],
    ] as [string, (token: string) => Uint8Array | string, Record<string, string>?][]
  ).map(([name, encode, headers]) => ({ name, body: () => bytesOf(encode(validToken())), headers: { ...JWT_TYPE, ...headers }, status: [400, 401] })),
);

// Webhook secrets in the URL (with a valid JWT: only the secret is wrong) -----------------------------------
const real = publish.webhookSecret;
const flipCase = (text: string) => [...text].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join("");
const SECRETS: [string, string][] = [
  ...[1, 2, 3, 4, 5].map((n): [string, string] => [`unknown #${n}, well-formed`, Buffer.from(noise(32, `secret-${n}`)).toString("base64url")]),
  ["43 As", "A".repeat(43)],
  ["43 dashes", "-".repeat(43)],
  ["43 underscores", "_".repeat(43)],
  ["the real one with its first character changed", `${real[0] === "A" ? "B" : "A"}${real.slice(1)}`],
  ["the real one with its case flipped", flipCase(real)],
  ["the real one reversed", [...real].reverse().join("")],
  ["the deleted connection's, upper-cased", flipCase(gone.webhookSecret)],
  ["empty", ""],
  ["one character", "a"],
  ["42 characters", real.slice(0, 42)],
  ["44 characters", `${real}A`],
  ["with base64 padding", `${real}=`],
  ["as standard base64", real.replaceAll("-", "+").replaceAll("_", "/").replace(/^(.)/, "+")],
  ["with a dot", insertMiddle(real.slice(1), ".")],
  ["with a leading space", ` ${real}`],
  ["with a trailing space", `${real} `],
  ["with a trailing newline", `${real}\n`],
  ["with a NUL", `${real}\u0000`],
  ["%00", "%00"],
  ["percent-encoded", [...real].map((c) => `%${c.charCodeAt(0).toString(16)}`).join("")],
  ["with a Cyrillic а", `${real.slice(0, 42)}\u0430`],
  ["with a fullwidth letter", `${real.slice(0, 42)}\uff21`],
  ["null", "null"],
  ["undefined", "undefined"],
  ["[object Object]", "[object Object]"],
  ["SQL", "'; DROP TABLE Connection; --"],
  ["100 characters", "A".repeat(100)],
  ["1000 characters", "A".repeat(1000)],
  ["10,000 characters", "A".repeat(10_000)],
  ["100,000 characters", "A".repeat(100_000)],
  ["the real one twice", real.repeat(2)],
  ["..", ".."],
  ["../", "../"],
  ["../../etc/passwd", "../../etc/passwd"],
  ["..%2f..%2fetc%2fpasswd", "..%2f..%2fetc%2fpasswd"],
  ["%2e%2e%2f%2e%2e%2f", "%2e%2e%2f%2e%2e%2f"],
  ["....//....//", "....//....//"],
  ["..\\..\\windows", "..\\..\\windows"],
  ["the real one, /../, the real one", `${real}/../${real}`],
  ["../ and the real one", `../${real}`],
  ["the real one and /..", `${real}/..`],
  ["./ and the real one", `./${real}`],
  ["the real one and a slash", `${real}/`],
  ["a slash and the real one", `/${real}`],
  ["the real one and a query", `${real}?x=1`],
  ["the real one and a fragment", `${real}#x`],
];
addWebhook(
  "secrets in the URL",
  SECRETS.map(([label, secret]) => ({ name: `secret ${label}`, secret, status: 404, error: "NOT_FOUND", connection: null })),
);
addWebhook("secrets in the URL", [
  ...(
    [
      ["a valid JWT", () => bytesOf(validToken()), JWT_TYPE],
      ["garbage", () => bytesOf("garbage"), JWT_TYPE],
      ["the wrong Content-Type", () => bytesOf(validToken()), { "Content-Type": "text/plain" }],
      ["an empty body", () => bytesOf(""), JWT_TYPE],
      ["an oversized Content-Length", () => bytesOf(validToken()), { ...JWT_TYPE, "Content-Length": String(WEBHOOK_MAX_BYTES + 1) }],
    ] as const
  ).flatMap(([label, body, headers]) => [
    { name: `the deleted connection's secret with ${label}`, secret: gone.webhookSecret, body, headers, status: 410, error: "GONE", connection: "gone" as const },
    { name: `an unknown secret with ${label}`, secret: "Z".repeat(43), body, headers, status: 404, error: "NOT_FOUND", connection: null },
  ]),
]);

type Reply = { status: number; contentType: string | null; text: string };

async function deliverWebhook(c: WebhookCase): Promise<Reply> {
  const secret = c.secret ?? publish.webhookSecret;
  const init = c.init?.() ?? { body: bytesOf((c.body ?? validToken)()) };
  const request = new Request(`${APP_URL}/api/auphonic/webhook/${encodeURIComponent(secret)}`, {
    method: "POST",
    headers: c.headers ?? JWT_TYPE,
    ...init,
  });
  const response = await postWebhook(request, { params: Promise.resolve({ secret }) });
  return { status: response.status, contentType: response.headers.get("content-type"), text: await response.text() };
}

/** A 4xx with a short `{ error, message }` body and nothing else. */
function expectShortError(reply: Reply, error?: string) {
  expect(reply.status).toBeGreaterThanOrEqual(400);
  expect(reply.status).toBeLessThan(500);
  expect(reply.contentType).toMatch(/^application\/json/);
  expect(reply.text.length).toBeLessThan(300);
  const body = JSON.parse(reply.text) as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(["error", "message"]);
  expect(body.error).toMatch(/^[A-Z_]+$/);
  if (error) expect(body.error).toBe(error);
  expectReadable(body.message);
  return body as { error: string; message: string };
}

describe("1. malformed webhook requests: 4xx, { error, message }, a refused Delivery, nothing else written", () => {
  it.each(webhookCases)("$area: $name", async (c) => {
    const before = await appRows();
    const earlierDeliveries = (await allDeliveries()).map((row) => row.id as string);

    const reply = await deliverWebhook(c);
    const body = expectShortError(reply, c.error);
    if (c.status !== undefined) expect([c.status].flat()).toContain(reply.status);

    // receiveWebhook logs every refusal at a connection's URL, with that connection.
    const connection = c.connection === undefined ? publish : c.connection === "gone" ? gone : null;
    const logged = await deliveriesExcept(earlierDeliveries);
    // A URL that is no connection's leaves no row.
    expect(logged).toEqual(connection === null ? [] : [
      expect.objectContaining({
        connectionId: connection?.id ?? null,
        accepted: false,
        httpStatus: reply.status,
        reason: body.message,
        productionUuid: null,
        episodeId: null,
      }),
    ]);
    expect(await appRows()).toEqual(before);
  });
});

// =========================================================================================================
// 2. Form inputs, through the real server actions (validatedActionWithUser, zod, lib/ save functions)

type FormCase = { area: string; name: string; field: string; pattern?: RegExp; run: () => Promise<ActionState> };
const formCases: FormCase[] = [];
let slugCounter = 0;
const freshSlug = () => `bad-input-${++slugCounter}`;
const noState: ActionState = { ok: false };

const validShowForm = (): Record<string, FieldValue> => ({
  title: "A New Show",
  slug: freshSlug(),
  description: "Stories.",
  author: "A",
  ownerName: "A",
  ownerEmail: "owner@example.com",
  language: "en",
  category: "Kids & Family",
  explicit: "on",
  type: "episodic",
  link: "",
  withConnections: "on",
});

const CONTROL = /control character|invisible/i;
const SHOW_FIELDS: Record<string, [string, FieldValue, RegExp?][]> = {
  title: [
    ["empty", ""],
    ["only spaces", "   "],
    ["256 characters", "x".repeat(256), /At most 255/],
    ["100,000 characters", "x".repeat(100_000), /At most 255/],
    ["a NUL", "Bad\u0000title", CONTROL],
    ["a bell", "Ding\u0007", CONTROL],
    ["an escape sequence", "\u001b[31mRed", CONTROL],
    ["a DEL", "Del\u007f", CONTROL],
    ["a C1 control", "Next\u0085line", CONTROL],
    ["a line break", "Two\nlines", CONTROL],
    ["a U+FFFF non-character", "Half \uffff", CONTROL],
  ],
  slug: [
    ["empty", ""],
    ["two characters", "ab", /At least 3/],
    ["61 characters", "a".repeat(61), /At most 60/],
    ["a space", "family podcast"],
    ["an underscore", "family_podcast"],
    ["a leading dash", "-family"],
    ["a trailing dash", "family-"],
    ["a double dash", "family--podcast"],
    ["accents", "fämily"],
    ["a dot", "family.podcast"],
    ["path traversal", "../etc"],
    ["a slash", "family/podcast"],
    ["percent-encoding", "family%20podcast"],
    ["an emoji", "family-😀"],
    ["a NUL", "family\u0000"],
    ["a query string", "family?x=1"],
    ["only dashes", "---"],
    ["fullwidth letters", "ｆａｍｉｌｙ"],
    ["a Cyrillic lookalike", "f\u0430mily"],
    ["another user's address", "bobs-show", /uses or used this address/],
  ],
  description: [
    ["empty", ""],
    ["only whitespace", " \n\t "],
    ["4001 characters", "x".repeat(4001), /At most 4000/],
    ["1,000,000 characters", "x".repeat(1_000_000), /At most 4000/],
    ["a NUL", "Line\u0000", CONTROL],
    ["a vertical tab", "a\u000bb", CONTROL],
    ["a U+FFFE non-character", "x\ufffey", CONTROL],
  ],
  author: [
    ["empty", ""],
    ["only spaces", "  "],
    ["256 characters", "x".repeat(256), /At most 255/],
    ["a NUL", "A\u0000", CONTROL],
    ["a line break", "A\r\nB", CONTROL],
  ],
  ownerName: [
    ["empty", ""],
    ["only spaces", "  "],
    ["256 characters", "x".repeat(256), /At most 255/],
    ["a NUL", "A\u0000", CONTROL],
    ["a line break", "A\nB", CONTROL],
  ],
  ownerEmail: [
    ["empty", ""],
    ["no at sign", "owner.example.com"],
    ["no domain", "owner@"],
    ["no local part", "@example.com"],
    ["no top-level domain", "owner@example"],
    ["a space", "own er@example.com"],
    ["two at signs", "owner@@example.com"],
    ["a double dot", "owner@example..com"],
    ["a display name", "Owner <owner@example.com>"],
    ["two addresses", "a@example.com, b@example.com"],
    ["a trailing newline", "owner@example.com\n"],
    ["a NUL", "owner@example.com\u0000"],
    ["255 characters", `${"a".repeat(243)}@example.com`],
    ["100,000 characters", `${"a".repeat(100_000)}@example.com`],
    ["a mailto link", "mailto:owner@example.com"],
    ["a leading dot", ".owner@example.com"],
    ["a Cyrillic lookalike", "\u043ewner@example.com"],
    ["an IP literal", "owner@[127.0.0.1]"],
  ],
  language: [
    ["empty", ""],
    ["one letter", "e"],
    ["a word", "english"],
    ["upper case", "EN"],
    ["an underscore", "en_US"],
    ["a trailing dash", "en-"],
    ["a one-letter region", "en-U"],
    ["a five-letter region", "en-USAAA"],
    ["digits", "123"],
    ["three subtags", "en-US-x"],
    ["a space", "en US"],
    ["a NUL", "en\u0000"],
    ["an encoding", "en_US.UTF-8"],
    ["a list", "en;de"],
  ],
  category: [
    ["empty", ""],
    ["unknown", "Nonsense"],
    ["lower case", "arts"],
    ["an unknown subcategory", "Arts > Nonsense"],
    ["no spaces around >", "Arts>Books"],
    ["an empty subcategory", "Arts > "],
    ["HTML-escaped", "Kids &amp; Family"],
    ["another category's subcategory", "Technology > Books"],
    ["a leading space", " Arts"],
    ["three levels", "Arts > Books > Poetry"],
    ["JSON", '["Arts"]'],
  ],
  type: [
    ["empty", ""],
    ["capitalised", "Episodic"],
    ["a trailing space", "serial "],
    ["unknown", "daily"],
    ["both", "episodic,serial"],
  ],
  link: [
    ["ftp", "ftp://example.com"],
    ["javascript", "javascript:alert(1)"],
    ["a data URL", "data:text/html,<b>x</b>"],
    ["a file URL", "file:///etc/passwd"],
    ["not a URL", "not a url"],
    ["a scheme only", "http://"],
    ["protocol-relative", "//example.com"],
    ["mailto", "mailto:a@example.com"],
    ["2001 characters", `https://example.com/${"x".repeat(1981)}`],
    ["a NUL", "https://example.com/\u0000"],
    ["a space in the host", "https://exa mple.com"],
  ],
};
for (const field of ["title", "slug", "description", "author", "ownerName", "ownerEmail", "language", "category", "type"]) {
  SHOW_FIELDS[field]!.push(["missing", MISSING], ["a file instead of text", aTextFile()]);
}

// Covers: a PNG or JPEG whose header says what we want, followed by stand-in image data.
function pngChunk(type: string, data: Uint8Array = new Uint8Array()) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  return Buffer.concat([head, data, Buffer.alloc(4)]);
}
function png(width: number, height: number, { complete = true } = {}) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const start = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk("IHDR", ihdr)]);
  return complete ? Buffer.concat([start, pngChunk("IDAT", deflateSync(Buffer.alloc(64))), pngChunk("IEND")]) : start;
}
function jpeg(width: number, height: number, { complete = true } = {}) {
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  const app0 = Buffer.concat([Buffer.from([0xff, 0xe0, 0x00, 0x10]), Buffer.from("JFIF\0\x01\x01\0\0\x01\0\x01\0\0", "latin1")]);
  const start = Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof]);
  const scan = Buffer.from([0xff, 0xda, 0x00, 0x0c, 0x03, 1, 0, 2, 0x11, 3, 0x11, 0, 0x3f, 0, 0x12, 0x34, 0x56]);
  return complete ? Buffer.concat([start, scan, Buffer.from([0xff, 0xd9])]) : start;
}
const COVER = readFileSync("sandbox/fixtures/cover.jpg");
const ONE_PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const SIZE = /pixels|square/;
const NOT_AN_IMAGE = /JPEG or PNG/;
const BAD_COVERS: [string, () => Uint8Array, RegExp][] = [
  ["plain text", () => Buffer.from("definitely not an image"), NOT_AN_IMAGE],
  ["HTML", () => Buffer.from("<!doctype html><title>x</title>"), NOT_AN_IMAGE],
  ["an SVG of 1400 px", () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="1400"/>'), NOT_AN_IMAGE],
  ["a GIF of 1400 px", () => Buffer.concat([Buffer.from("GIF89a", "latin1"), Buffer.from([0x78, 0x05, 0x78, 0x05]), Buffer.alloc(32)]), NOT_AN_IMAGE],
  ["a BMP", () => Buffer.concat([Buffer.from("BM", "latin1"), Buffer.alloc(52)]), NOT_AN_IMAGE],
  ["zeros", () => Buffer.alloc(4096), NOT_AN_IMAGE],
  ["a 1-pixel PNG", () => ONE_PIXEL_PNG, SIZE],
  ["a 1399 px PNG", () => png(1399, 1399), SIZE],
  ["a 3001 px PNG", () => png(3001, 3001), SIZE],
  ["a 1400 × 1401 PNG", () => png(1400, 1401), SIZE],
  ["a 0 px PNG", () => png(0, 0), SIZE],
  ["a PNG declaring 100,000 px", () => png(100_000, 100_000), SIZE],
  ["a PNG declaring 4,294,967,295 px", () => png(0xffffffff, 0xffffffff), SIZE],
  ["a JPEG declaring 65,535 px", () => jpeg(65_535, 65_535), SIZE],
  ["a 1400 × 1500 JPEG", () => jpeg(1400, 1500), SIZE],
  ["a 0 px JPEG", () => jpeg(0, 0), SIZE],
  ["a PNG cut after 8 bytes", () => png(1400, 1400).subarray(0, 8), NOT_AN_IMAGE],
  ["a PNG cut after 12 bytes", () => png(1400, 1400).subarray(0, 12), NOT_AN_IMAGE],
  ["a PNG cut after 16 bytes", () => png(1400, 1400).subarray(0, 16), NOT_AN_IMAGE],
  ["a PNG cut after 20 bytes", () => png(1400, 1400).subarray(0, 20), NOT_AN_IMAGE],
  ["a PNG cut after its header (1400 px, no image data)", () => png(1400, 1400, { complete: false }), /incomplete/],
  ["a JPEG cut after 2 bytes", () => jpeg(1400, 1400).subarray(0, 2), NOT_AN_IMAGE],
  ["a JPEG cut after 4 bytes", () => jpeg(1400, 1400).subarray(0, 4), NOT_AN_IMAGE],
  ["a JPEG cut inside its frame header", () => jpeg(1400, 1400).subarray(0, 24), NOT_AN_IMAGE],
  ["a JPEG cut after its header (1400 px, no image data)", () => jpeg(1400, 1400, { complete: false }), /incomplete/],
  ["the real cover cut in half", () => COVER.subarray(0, COVER.length >> 1), /incomplete/],
  ["the real cover without its first byte", () => COVER.subarray(1), NOT_AN_IMAGE],
  ["the real cover padded past 10 MB", () => Buffer.concat([COVER, Buffer.alloc(COVER_MAX_BYTES + 1 - COVER.length)]), /larger than 10 MB/],
];

const showAsAlice = () => {
  session.user = sessionOf(alice.id, "alice");
};
for (const [field, values] of Object.entries(SHOW_FIELDS)) {
  for (const [label, value, pattern] of values) {
    formCases.push(
      {
        area: "create show",
        name: `${field}: ${label}`,
        field,
        pattern,
        run: () => showActions.createShowAction(noState, formData({ ...validShowForm(), [field]: value })),
      },
      {
        area: "update show",
        name: `${field}: ${label}`,
        field,
        pattern,
        run: () => showActions.updateShowAction(noState, formData({ ...validShowForm(), showId: aliceShow.id, [field]: value })),
      },
    );
  }
}
for (const [label, bytes, pattern] of BAD_COVERS) {
  const cover = () => new File([new Uint8Array(bytes())], "cover.png", { type: "image/png" });
  formCases.push(
    {
      area: "create show",
      name: `cover: ${label}`,
      field: "cover",
      pattern,
      run: () => showActions.createShowAction(noState, formData({ ...validShowForm(), cover: cover() })),
    },
    {
      area: "update show",
      name: `cover: ${label}`,
      field: "cover",
      pattern,
      run: () => showActions.updateShowAction(noState, formData({ ...validShowForm(), showId: aliceShow.id, cover: cover() })),
    },
  );
}

let nameCounter = 0;
const validConnectionForm = (): Record<string, FieldValue> => ({
  showId: aliceShow.id,
  displayName: `Bad Input ${++nameCounter}`,
  customData: '{"publishState":"draft"}',
});
const CONNECTION_FIELDS: Record<string, [string, FieldValue, RegExp?][]> = {
  displayName: [
    ["missing", MISSING],
    ["a file instead of text", aTextFile()],
    ["empty", ""],
    ["only spaces", "   "],
    ["101 characters", "x".repeat(101), /At most 100/],
    ["100,000 characters", "x".repeat(100_000), /At most 100/],
    ["Podhaven", "Podhaven", /Podhaven/],
    ["a podhaven prefix", "podhaven - Family", /Podhaven/],
    ["a PODHAVEN prefix", "PODHAVEN Family", /Podhaven/],
    ["a NUL", "Family\u0000", CONTROL],
    ["a line break", "Family\nPublish", CONTROL],
    ["a bell", "Family\u0007", CONTROL],
    ["an escape sequence", "Family \u001b[0m", CONTROL],
    ["a name another connection has", "Family - Publish", /already have a connection/],
  ],
  customData: [
    ["missing", MISSING],
    ["a file instead of text", aTextFile()],
    ["empty", "", /JSON object/],
    ["only spaces", "   ", /JSON object/],
    ["not JSON", "not json", /Not valid JSON/],
    ["an unclosed object", "{", /Not valid JSON/],
    ["an array", "[]", /JSON object/],
    ["null", "null", /JSON object/],
    ["a number", "42", /JSON object/],
    ["a string", '"text"', /JSON object/],
    ["true", "true", /JSON object/],
    ["single quotes", "{'a':1}", /Not valid JSON/],
    ["a trailing comma", '{"a":1,}', /Not valid JSON/],
    ["two objects", '{"a":1}{"b":2}', /Not valid JSON/],
    ["a byte-order mark", "\ufeff{}", /Not valid JSON/],
    ["NaN", '{"a":NaN}', /Not valid JSON/],
    ["an unknown publishState", '{"publishState":"later"}', /publishState/],
    ["a numeric publishState", '{"publishState":1}', /publishState/],
    ["an unknown episodeType", '{"episodeType":"full-length"}', /episodeType/],
    ["season 0", '{"season":0}', /season/],
    ["season 1.5", '{"season":1.5}', /season/],
    ["season as a string", '{"season":"2"}', /season/],
    ["season 10000", '{"season":10000}', /season/],
    ["season -1", '{"season":-1}', /season/],
    ["explicit as a string", '{"explicit":"yes"}', /explicit/],
    ["explicit as a number", '{"explicit":1}', /explicit/],
    ["2049 bytes", JSON.stringify({ note: "x".repeat(2038) }), /Too long/],
    ["1 MB", JSON.stringify({ note: "x".repeat(1_000_000) }), /Too long/],
    ["5000 nested objects", `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}`, /Too long/],
  ],
};
for (const [field, values] of Object.entries(CONNECTION_FIELDS)) {
  for (const [label, value, pattern] of values) {
    formCases.push(
      {
        area: "create connection",
        name: `${field}: ${label}`,
        field,
        pattern,
        run: () => connectionActions.createConnectionAction(noState, formData({ ...validConnectionForm(), [field]: value })),
      },
      {
        area: "update connection",
        name: `${field}: ${label}`,
        field,
        pattern,
        run: () =>
          connectionActions.updateConnectionAction(
            noState,
            formData({ ...validConnectionForm(), displayName: draft.displayName, connectionId: draft.id, [field]: value }),
          ),
      },
    );
  }
}

// Ids the forms post in hidden fields.
const ids = { showId: aliceShow.id, connectionId: publish.id };
const HIDDEN_IDS: [string, string, (value: FieldValue) => Promise<ActionState>][] = [
  ["create connection", "showId", (value) => connectionActions.createConnectionAction(noState, formData({ ...validConnectionForm(), showId: value }))],
  ["rotate connection", "connectionId", (value) => connectionActions.rotateConnectionSecretAction(noState, formData({ ...ids, connectionId: value }))],
  ["rotate connection", "showId", (value) => connectionActions.rotateConnectionSecretAction(noState, formData({ ...ids, showId: value }))],
  ["delete connection", "connectionId", (value) => connectionActions.deleteConnectionAction(noState, formData({ ...ids, connectionId: value }))],
  ["delete connection", "showId", (value) => connectionActions.deleteConnectionAction(noState, formData({ ...ids, showId: value }))],
  ["update show", "showId", (value) => showActions.updateShowAction(noState, formData({ ...validShowForm(), showId: value }))],
  ["delete show", "showId", (value) => showActions.deleteShowAction(noState, formData({ showId: value }))],
  ["retry import", "episodeId", (value) => episodeActions.retryImportAction(noState, formData({ episodeId: value }))],
  ["publish episode", "episodeId", (value) => episodeActions.publishEpisodeAction(noState, formData({ episodeId: value }))],
  ["unpublish episode", "episodeId", (value) => episodeActions.unpublishEpisodeAction(noState, formData({ episodeId: value }))],
];
for (const [label, value] of [["missing", MISSING], ["empty", ""], ["a file", aTextFile()]] as const) {
  for (const [area, field, run] of HIDDEN_IDS) formCases.push({ area, name: `${field} ${label}`, field, run: () => run(value) });
}

describe("2. malformed form inputs: a message on that field only, nothing written", () => {
  beforeEach(showAsAlice);

  it.each(formCases)("$area: $name", async ({ field, pattern, run }) => {
    const state = await withoutWrites(run);
    expect(state.ok).toBe(false);
    expect(state.message).toBe("Please correct the fields marked below.");
    expect(Object.keys(state.fieldErrors ?? {})).toEqual([field]);
    const messages = state.fieldErrors![field]!;
    expect(messages.length).toBeGreaterThan(0);
    for (const message of messages) expectReadable(message);
    if (pattern) expect(messages.join(" ")).toMatch(pattern);
  });
});

// =========================================================================================================
// 3. Query strings: media keys and byte ranges

const mediaKeyCases: { name: string; key: string; as: "nobody" | "bob" }[] = [];
const VALID_KEYS: [string, string][] = [
  ["cover", coverKey],
  ["audio alias", `episodes/${publishedEpisode.id}/audio`],
  ["audio file", publishedAudioKey],
];
const KEY_MUTATIONS: [string, (key: string) => string][] = [
  ["../ in front", (key) => `../${key}`],
  ["../../etc/passwd after", (key) => `${key}/../../../etc/passwd`],
  ["/../ after the first segment", (key) => key.replace("/", "/../")],
  ["..%2f in front", (key) => `..%2f${key}`],
  ["%2e%2e%2f in front", (key) => `%2e%2e%2f${key}`],
  ["%2e%2e/ in front", (key) => `%2e%2e/${key}`],
  ["slashes encoded as %2F", (key) => key.replaceAll("/", "%2F")],
  ["backslashes", (key) => key.replaceAll("/", "\\")],
  ["..\\ in front", (key) => `..\\${key}`],
  ["a NUL after", (key) => `${key}\u0000`],
  ["%00 after", (key) => `${key}%00`],
  ["a NUL in the middle", (key) => insertMiddle(key, "\u0000")],
  ["%00.jpg after", (key) => `${key}%00.jpg`],
  ["10,000 characters after", (key) => `${key}${"a".repeat(10_000)}`],
  ["5000 segments in front", (key) => `${"a/".repeat(5000)}${key}`],
  ["a media/ prefix", (key) => `media/${key}`],
  ["a leading slash", (key) => `/${key}`],
  ["./ in front", (key) => `./${key}`],
  ["an upper-case first segment", (key) => key.replace(/^[a-z]+/, (segment) => segment.toUpperCase())],
  ["a singular first segment", (key) => key.replace(/^([a-z]+)s\//, "$1/")],
  ["a trailing slash", (key) => `${key}/`],
  ["a double slash", (key) => key.replace("/", "//")],
  ["surrounding spaces", (key) => ` ${key} `],
  ["a Cyrillic е for the first e", (key) => key.replace("e", "\u0435")],
  ["fullwidth slashes", (key) => key.replaceAll("/", "\uff0f")],
  ["the whole key percent-encoded", (key) => encodeURIComponent(key)],
  ["an upper-case id", (key) => key.replace(/\/([a-z0-9]+)\//, (_, id: string) => `/${id.toUpperCase()}/`)],
];
for (const [base, key] of VALID_KEYS) {
  for (const [label, mutate] of KEY_MUTATIONS) mediaKeyCases.push({ name: `${base} with ${label}`, key: mutate(key), as: "nobody" });
}
for (const [name, key] of [
  ["empty", ""],
  ["a slash", "/"],
  ["a dot", "."],
  ["two dots", ".."],
  ["../../../../etc/passwd", "../../../../etc/passwd"],
  ["encoded traversal to /etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"],
  ["....//....//etc/passwd", "....//....//etc/passwd"],
  ["an absolute path", "/etc/passwd"],
  ["a Windows path", "C:\\Windows\\win.ini"],
  ["the database file", "../podhaven.db"],
  ["shows/../../data/podhaven.db", "shows/../../data/podhaven.db"],
  ["episodes/../shows", "episodes/../shows"],
  ["the audio folder as ..", `episodes/${publishedEpisode.id}/v1/..`],
  ["the audio folder as .", `episodes/${publishedEpisode.id}/v1/.`],
  ["an unknown version", `episodes/${publishedEpisode.id}/v9/episode.mp3`],
  ["an unknown episode's alias", "episodes/nosuchepisode/audio"],
  ["an unknown prefix", "feeds/family.xml"],
  ["a cover with a short hash", `shows/${aliceShow.id}/cover-0123.jpg`],
  ["a cover as GIF", `shows/${aliceShow.id}/cover-0123456789abcdef.gif`],
  ["a 100,000-character key", "a".repeat(100_000)],
] as const) {
  mediaKeyCases.push({ name, key, as: "nobody" });
}
// A draft's media is its owner's only: signed out or signed in as someone else, it does not exist.
for (const [name, key] of [
  ["the draft's alias", `episodes/${draftEpisode.id}/audio`],
  ["the draft's audio file", draftAudioKey],
] as const) {
  mediaKeyCases.push({ name: `${name}, signed out`, key, as: "nobody" }, { name: `${name}, as another user`, key, as: "bob" });
}

describe("3a. malformed media keys: not-found (and no public file), never a throw", () => {
  it.each(mediaKeyCases)("$name", async ({ key, as }) => {
    session.user = as === "bob" ? sessionOf(bob.id, "bob") : null;
    await withoutWrites(async () => {
      await expect(resolveMediaRequest(key)).resolves.toEqual({ kind: "not-found" });
      // server.ts's direct path for public files.
      await expect(resolvePublicMediaKey(key)).resolves.toBeNull();
      const response = await getMedia(new Request(`${APP_URL}/media/x`), { params: Promise.resolve({ key: key.split("/") }) });
      expect(response.status).toBe(404);
      expectShortError({ status: response.status, contentType: response.headers.get("content-type"), text: await response.text() }, "NOT_FOUND");
    });
  });
});

// Byte ranges on a real 1000-byte file. Expected outcomes (RFC 9110 §14): "ignored" 200, "unsatisfiable" 416,
// [start, end] 206 with exactly that range; "invalid" may be ignored or refused (200 or 416); "multiple" may be
// ignored or combined (200 or 206); "lenient" is syntax the RFC does not allow but parsers commonly accept.
const FILE_SIZE = 1000;
const FILE_BYTES = noise(FILE_SIZE, "media-file");
const MEDIA_FILE = "episodes/rangetest/v1/episode.mp3";
await writeMediaFile(MEDIA_FILE, FILE_BYTES);
const EMPTY_FILE = "episodes/rangetest/v1/empty.mp3";
await writeMediaFile(EMPTY_FILE, new Uint8Array());

type RangeExpectation = "ignored" | "unsatisfiable" | "invalid" | "multiple" | "lenient" | [number, number];
const nines = (n: number) => "9".repeat(n);
const RANGES: [string, RangeExpectation][] = [
  // Well-formed and satisfiable: exactly this range.
  ["bytes=0-0", [0, 0]],
  ["bytes=0-1", [0, 1]],
  ["bytes=999-999", [999, 999]],
  ["bytes=999-", [999, 999]],
  ["bytes=0-", [0, 999]],
  ["bytes=-1", [999, 999]],
  ["bytes=-1000", [0, 999]],
  ["bytes=-1001", [0, 999]],
  [`bytes=-${nines(20)}`, [0, 999]],
  [`bytes=-${nines(400)}`, [0, 999]],
  [`bytes=0-${nines(20)}`, [0, 999]],
  [`bytes=0-${nines(400)}`, [0, 999]],
  ["bytes=500-2000", [500, 999]],
  ["Bytes=0-1", [0, 1]],
  ["BYTES=0-1", [0, 1]],
  ["bytes=0-1,2-3", [0, 3]],
  ["bytes=0-1,0-1", [0, 1]],
  ["bytes=0-499,500-999", [0, 999]],
  ["bytes=0-10,5-20", [0, 20]],
  // Well-formed but unsatisfiable.
  ["bytes=-0", "unsatisfiable"],
  ["bytes=1000-", "unsatisfiable"],
  ["bytes=1000-2000", "unsatisfiable"],
  [`bytes=${nines(20)}-`, "unsatisfiable"],
  [`bytes=${nines(400)}-`, "unsatisfiable"],
  ["bytes=1000-1000", "unsatisfiable"],
  ["bytes=-0,-0", "unsatisfiable"],
  ["bytes=1000-,2000-", "unsatisfiable"],
  ["bytes=5000-6000", "unsatisfiable"],
  // Malformed.
  ["bytes=abc", "invalid"],
  ["bytes=5-1", "invalid"],
  ["bytes=5-1,3-2", "invalid"],
  ["bytes=", "invalid"],
  ["bytes=-", "invalid"],
  ["bytes=--1", "invalid"],
  ["bytes=1--2", "invalid"],
  ["bytes=-1-2", "invalid"],
  ["bytes=a-b", "invalid"],
  ["bytes=1-a", "invalid"],
  ["bytes=0x10-0x20", "invalid"],
  ["bytes=1e3-", "invalid"],
  ["bytes=+1-2", "invalid"],
  ["bytes=1.5-2", "invalid"],
  ["bytes=0-1-2", "invalid"],
  ["bytes=,", "invalid"],
  ["bytes=0-1,", "invalid"],
  ["bytes=,0-1", "invalid"],
  ["bytes=0-1;", "invalid"],
  ["bytes=0=1", "invalid"],
  ["bytes==0-1", "invalid"],
  ["bytes", "invalid"],
  ["bytes 0-1", "invalid"],
  ["0-1", "invalid"],
  [`bytes=${Array.from({ length: 500 }, (_, i) => `${2 * i}-${2 * i}`).join(",")}`, "multiple"],
  ["bytes=0-1,3-4", "multiple"],
  ["bytes=0-0,2-2,4-4", "multiple"],
  ["bytes=0-1,-1", "multiple"],
  ["bytes=0-1, 3-4", "multiple"],
  // Whitespace and half-valid sets.
  ["bytes= 0-1", "lenient"],
  ["bytes=0 -1", "lenient"],
  ["bytes=0- 1", "lenient"],
  ["bytes = 0-1", "lenient"],
  ["bytes=\t0-1", "lenient"],
  ["bytes=0-1 ,3-4", "lenient"],
  ["bytes=5-1,0-1", "lenient"],
  // Units other than bytes MUST be ignored (RFC 9110 §14.2).
  ["items=0-1", "ignored"],
  ["items=0-", "ignored"],
  ["items=-1", "ignored"],
  ["items=abc", "ignored"],
  ["items=1000-", "ignored"],
  ["none=0-1", "ignored"],
  ["byte=0-1", "ignored"],
  ["bits=0-7", "ignored"],
  ["pages=1-2", "ignored"],
  ["=0-1", "ignored"],
  ["x-bytes=0-1", "ignored"],
  ["bytesx=0-1", "ignored"],
];
type RangeCase = { name: string; file: string; size: number; method: "GET" | "HEAD"; headers: Record<string, string>; expected: RangeExpectation };
const rangeCases: RangeCase[] = [];
const onFile = { file: MEDIA_FILE, size: FILE_SIZE };
RANGES.forEach(([range, expected], index) => {
  const name = `#${index + 1} ${range.length > 40 ? `${range.slice(0, 40)}…` : range}`;
  for (const method of ["GET", "HEAD"] as const) rangeCases.push({ name, ...onFile, method, headers: { Range: range }, expected });
});
for (const range of ["bytes=0-1", "bytes=abc", "bytes=-0", "items=0-1"]) {
  for (const [label, ifRange] of [["a wrong ETag", '"garbage"'], ["a date", "Wed, 21 Oct 2015 07:28:00 GMT"], ["a weak ETag", 'W/"x"']] as const) {
    rangeCases.push({ name: `${range} with If-Range ${label}`, ...onFile, method: "GET", headers: { Range: range, "If-Range": ifRange }, expected: "ignored" });
  }
}
for (const range of ["bytes=0-", "bytes=0-0", "bytes=-1", "bytes=-0", "bytes=abc", "items=0-1"]) {
  const expected = range.startsWith("items") ? "ignored" : "invalid";
  rangeCases.push({ name: `${range} on an empty file`, file: EMPTY_FILE, size: 0, method: "GET", headers: { Range: range }, expected });
}

describe("3b. malformed Range headers: 200, 206 or 416 as RFC 9110 says, never 5xx", () => {
  it.each(rangeCases)("$method $name", async ({ file, size, method, headers, expected }) => {
    const whole = file === MEDIA_FILE ? FILE_BYTES : new Uint8Array();
    const stored = { key: file, size, etag: '"range-test"', lastModified: new Date(0) };
    const response = await serveMediaFile(new Request(`${APP_URL}/media/x`, { method, headers }), stored, {
      contentType: "audio/mpeg",
      cacheControl: "public, max-age=60",
    });
    const body = new Uint8Array(await response.arrayBuffer());
    const allowed =
      expected === "ignored" ? [200]
      : expected === "unsatisfiable" ? [416]
      : expected === "invalid" ? [200, 416]
      : expected === "multiple" ? [200, 206]
      : expected === "lenient" ? [200, 206, 416]
      : [206];
    expect(allowed).toContain(response.status);

    if (response.status === 200) {
      expect(response.headers.get("content-range")).toBeNull();
      expect(response.headers.get("content-length")).toBe(String(size));
      expect(body).toEqual(method === "HEAD" ? new Uint8Array() : whole);
    } else if (response.status === 206) {
      const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get("content-range") ?? "");
      expect(match).not.toBeNull();
      const [start, end, total] = match!.slice(1).map(Number) as [number, number, number];
      expect(total).toBe(size);
      expect(start).toBeLessThanOrEqual(end);
      expect(end).toBeLessThan(size);
      if (Array.isArray(expected)) expect([start, end]).toEqual(expected);
      expect(response.headers.get("content-length")).toBe(String(end - start + 1));
      expect(body).toEqual(method === "HEAD" ? new Uint8Array() : whole.slice(start, end + 1));
    } else {
      expect(response.headers.get("content-range")).toBe(`bytes */${size}`);
      expect(body.length).toBe(0);
    }
  });
});

// =========================================================================================================
// 4. Isolation: another user (or no real user) probing with Alice's ids gets NOT_FOUND and changes nothing

type Outcome = "NOT_FOUND" | "404 page" | "empty";
type Probe = { name: string; expected: Outcome; run: (userId: string) => Promise<unknown> };
const probes: Probe[] = [];
const coverFile = () => new File([new Uint8Array(COVER)], "cover.jpg", { type: "image/jpeg" });

probes.push(
  { name: "getShowForUserOrThrow(A's show)", expected: "NOT_FOUND", run: (u) => getShowForUserOrThrow(u, aliceShow.id) },
  { name: "getShowOr404(A's show)", expected: "404 page", run: (u) => getShowOr404(u, aliceShow.id) },
  { name: "saveShow(A's show)", expected: "NOT_FOUND", run: (u) => saveShow(u, aliceShow.id, showInput(freshSlug()), null) },
  { name: "saveShow(A's show) with a cover", expected: "NOT_FOUND", run: (u) => saveShow(u, aliceShow.id, showInput(freshSlug()), coverFile()) },
  { name: "deleteShow(A's show)", expected: "NOT_FOUND", run: (u) => deleteShow(u, aliceShow.id) },
  {
    name: "createConnection(A's show)",
    expected: "NOT_FOUND",
    run: (u) => createConnection(u, aliceShow.id, { displayName: `Probe ${++nameCounter}`, customData: "{}" }),
  },
  { name: "listConnectionsForShow(A's show)", expected: "empty", run: (u) => listConnectionsForShow(u, aliceShow.id) },
);
for (const [label, connection] of [["publish", publish], ["draft", draft], ["deleted", gone]] as const) {
  probes.push(
    { name: `getConnectionForUserOrThrow(A's ${label} connection)`, expected: "NOT_FOUND", run: (u) => getConnectionForUserOrThrow(u, connection.id) },
    { name: `getConnectionOr404(A's show, A's ${label} connection)`, expected: "404 page", run: (u) => getConnectionOr404(u, aliceShow.id, connection.id) },
    {
      name: `updateConnection(A's ${label} connection)`,
      expected: "NOT_FOUND",
      run: (u) => updateConnection(u, connection.id, { displayName: `Hijacked ${++nameCounter}`, customData: '{"publishState":"publish"}' }),
    },
    { name: `deleteConnection(A's ${label} connection)`, expected: "NOT_FOUND", run: (u) => deleteConnection(u, connection.id) },
    { name: `rotateConnectionSecret(A's ${label} connection)`, expected: "NOT_FOUND", run: (u) => rotateConnectionSecret(u, connection.id) },
    { name: `listDeliveriesForConnection(A's ${label} connection)`, expected: "empty", run: (u) => listDeliveriesForConnection(u, connection.id) },
  );
}
for (const [label, episode] of [["draft", draftEpisode], ["published", publishedEpisode]] as const) {
  probes.push(
    { name: `getEpisodeForUserOrThrow(A's ${label} episode)`, expected: "NOT_FOUND", run: (u) => getEpisodeForUserOrThrow(u, episode.id) },
    { name: `getEpisodeOr404(A's ${label} episode)`, expected: "404 page", run: (u) => getEpisodeOr404(u, episode.id) },
    { name: `retryImport(A's ${label} episode)`, expected: "NOT_FOUND", run: (u) => retryImport(u, episode.id) },
    { name: `setEpisodePublished(A's ${label} episode, true)`, expected: "NOT_FOUND", run: (u) => setEpisodePublished(u, episode.id, true) },
    { name: `setEpisodePublished(A's ${label} episode, false)`, expected: "NOT_FOUND", run: (u) => setEpisodePublished(u, episode.id, false) },
  );
}
const PROBERS: [string, string][] = [
  ["user B", bob.id],
  ["an unknown user id", "cnosuchuser0000000000000"],
  ["an empty user id", ""],
];
const isolationCases = PROBERS.flatMap(([prober, userId]) => probes.map((probe) => ({ ...probe, prober, userId })));

describe("4a. isolation in lib/: every (userId, id) function answers NOT_FOUND to anyone but the owner", () => {
  it.each(isolationCases)("$prober: $name", async ({ expected, run, userId }) => {
    await withoutWrites(async () => {
      const outcome = await run(userId).then(
        (value) => ({ value }),
        (error: unknown) => ({ error }),
      );
      if (expected === "empty") {
        expect(outcome).toEqual({ value: [] });
        return;
      }
      expect(outcome).toHaveProperty("error");
      const error = (outcome as { error: { digest?: unknown; code?: unknown; status?: unknown } }).error;
      if (expected === "404 page") {
        expect(error.digest).toBe("NEXT_HTTP_ERROR_FALLBACK;404");
      } else {
        expect([error.code, error.status]).toEqual(["NOT_FOUND", 404]);
      }
    });
  });

  it("Alice still reaches all of it (the probes above were refused for the right reason)", async () => {
    await expect(getShowForUserOrThrow(alice.id, aliceShow.id)).resolves.toMatchObject({ id: aliceShow.id });
    await expect(getConnectionForUserOrThrow(alice.id, publish.id)).resolves.toMatchObject({ id: publish.id });
    await expect(getEpisodeForUserOrThrow(alice.id, draftEpisode.id)).resolves.toMatchObject({ id: draftEpisode.id });
    expect(await listConnectionsForShow(alice.id, aliceShow.id)).toHaveLength(2);
  });
});

const actionProbes: { name: string; run: () => Promise<ActionState> }[] = [
  { name: "updateShowAction(A's show)", run: () => showActions.updateShowAction(noState, formData({ ...validShowForm(), showId: aliceShow.id })) },
  { name: "deleteShowAction(A's show)", run: () => showActions.deleteShowAction(noState, formData({ showId: aliceShow.id })) },
  { name: "createConnectionAction(A's show)", run: () => connectionActions.createConnectionAction(noState, formData(validConnectionForm())) },
  ...[publish, draft].flatMap((connection) => {
    const aliceIds = { showId: aliceShow.id, connectionId: connection.id };
    const update = (extra: Record<string, string>) => formData({ ...validConnectionForm(), ...aliceIds, ...extra });
    return [
      { name: `updateConnectionAction(${connection.displayName})`, run: () => connectionActions.updateConnectionAction(noState, update({})) },
      { name: `rotateConnectionSecretAction(${connection.displayName})`, run: () => connectionActions.rotateConnectionSecretAction(noState, formData(aliceIds)) },
      { name: `deleteConnectionAction(${connection.displayName})`, run: () => connectionActions.deleteConnectionAction(noState, formData(aliceIds)) },
      {
        name: `updateConnectionAction(${connection.displayName}) under B's own show`,
        run: () => connectionActions.updateConnectionAction(noState, update({ showId: bobShow.id })),
      },
    ];
  }),
  ...[draftEpisode, publishedEpisode].flatMap((episode) => [
    { name: `retryImportAction(${episode.productionUuid})`, run: () => episodeActions.retryImportAction(noState, formData({ episodeId: episode.id })) },
    { name: `publishEpisodeAction(${episode.productionUuid})`, run: () => episodeActions.publishEpisodeAction(noState, formData({ episodeId: episode.id })) },
    { name: `unpublishEpisodeAction(${episode.productionUuid})`, run: () => episodeActions.unpublishEpisodeAction(noState, formData({ episodeId: episode.id })) },
  ]),
];

describe("4b. isolation through the server actions, signed in as Bob", () => {
  beforeEach(() => {
    session.user = sessionOf(bob.id, "bob");
  });

  it.each(actionProbes)("$name", async ({ run }) => {
    const state = await withoutWrites(run);
    expect(state).toMatchObject({ ok: false, message: expect.stringMatching(/does not exist/) });
    expect(state.fieldErrors ?? {}).toEqual({});
  });
});

// =========================================================================================================

describe("the suite itself", () => {
  it("generates at least 300 malformed inputs, spread over every area", () => {
    const counts = {
      webhook: webhookCases.length,
      forms: formCases.length,
      mediaKeys: mediaKeyCases.length,
      ranges: rangeCases.length,
      isolation: isolationCases.length + actionProbes.length,
    };
    expect(webhookCases.length).toBeGreaterThanOrEqual(150);
    for (const count of Object.values(counts)) expect(count).toBeGreaterThanOrEqual(20);
    expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBeGreaterThanOrEqual(300);
  });
});

// Controls, last because they write: the same entry points still accept good input, so the refusals above
// are for the bad part of each input and not for something the cases share.
describe("controls: good input still goes through", () => {
  it("a valid webhook delivery is accepted and queues its import", async () => {
    const reply = await deliverWebhook({ area: "control", name: "valid" });
    expect(reply.status).toBe(200);
    expect(await db.episode.count({ where: { productionUuid: `Bad${String(uuidCounter).padStart(19, "0")}` } })).toBe(1);
  });

  it("a valid show form with the real cover creates the show, its cover and its two connections", async () => {
    showAsAlice();
    const fields: Record<string, FieldValue> = { ...validShowForm(), cover: coverFile() };
    await expect(showActions.createShowAction(noState, formData(fields))).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT/) });
    const show = await db.show.findUniqueOrThrow({ where: { slug: fields.slug as string } });
    expect(show.coverPath).toMatch(/^shows\/.+\/cover-[0-9a-f]{16}\.jpg$/);
    expect(await db.connection.count({ where: { showId: show.id } })).toBe(2);
  });

  it("a valid connection form creates the connection", async () => {
    showAsAlice();
    const fields = validConnectionForm();
    await expect(connectionActions.createConnectionAction(noState, formData(fields))).rejects.toMatchObject({ digest: expect.stringMatching(/^NEXT_REDIRECT/) });
    expect(await db.connection.count({ where: { displayName: fields.displayName as string } })).toBe(1);
  });

  it("a valid media key resolves", async () => {
    session.user = null;
    await expect(resolveMediaRequest(publishedAudioKey)).resolves.toMatchObject({ kind: "file" });
    await expect(resolvePublicMediaKey(coverKey)).resolves.not.toBeNull();
  });

  it("an unverified moved-in show's cover is its owner's only", async () => {
    const draftShow = await saveShow(alice.id, null, showInput("moving-in"), null, { isVerified: false });
    const draftCoverKey = `shows/${draftShow.id}/cover-fedcba9876543210.jpg`;
    await writeMediaFile(draftCoverKey, new Uint8Array(readFileSync("sandbox/fixtures/cover.jpg")));
    await db.show.update({ where: { id: draftShow.id }, data: { coverPath: draftCoverKey } });
    session.user = null;
    await expect(resolveMediaRequest(draftCoverKey)).resolves.toEqual({ kind: "not-found" });
    await expect(resolvePublicMediaKey(draftCoverKey)).resolves.toBeNull();
    session.user = sessionOf(bob.id, "bob");
    await expect(resolveMediaRequest(draftCoverKey)).resolves.toEqual({ kind: "not-found" });
    session.user = sessionOf(alice.id, "alice");
    await expect(resolveMediaRequest(draftCoverKey)).resolves.toMatchObject({ kind: "file", contentType: "image/jpeg", cacheControl: "private, no-store" });
    session.user = null;
  });
});
