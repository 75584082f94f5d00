// Auphonic's External Service webhook end to end: the real route handler, a real Postgres database, real JWTs.
// Every rejected request must answer 4xx with { error, message }, log a Delivery (accepted=false) and leave
// episodes and import jobs untouched; accepted ones queue exactly one import per (connection, production).
import { createHmac, randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/lib/testing/create-test-database";
import { deleteImportJobs, listImportJobs, setImportJobState } from "@/lib/testing/import-jobs";
import { showInput } from "@/lib/testing/show-input";

const CLIENT_SECRET = "podhaven-local-client-secret-not-for-production";
const APP_URL = "http://localhost:3999";
const MAX_BYTES = 8192;

await createTestDatabase();
Object.assign(process.env, { APP_URL, IMPORT_WORKER: "off", AUPHONIC_CLIENT_SECRET: CLIENT_SECRET });

const { db } = await import("@/lib/db");
const { POST } = await import("@/app/api/auphonic/webhook/[secret]/route");

// ---------------------------------------------------------------------------------------------------------
// Seed: one user, one show, a publish connection, a draft connection and a deleted one.

const newSecret = () => randomBytes(32).toString("base64url");

const user = await db.user.create({ data: { auphonicUserId: "alice-id", username: "alice" } });
const show = await db.show.create({ data: { userId: user.id, ...showInput("family") } });
const seedConnection = (displayName: string, customData: string, deletedAt: Date | null = null) =>
  db.connection.create({
    data: { userId: user.id, showId: show.id, displayName, customData, webhookSecret: newSecret(), deletedAt },
  });
const publish = await seedConnection("Family - Publish", '{"publishState":"publish"}');
const draft = await seedConnection("Family - Draft", '{"publishState":"draft"}');
const deleted = await seedConnection("Family - Gone", '{"publishState":"publish"}', new Date());
const UNKNOWN_SECRET = newSecret();

afterAll(async () => {
  await db.$disconnect();
});

// ---------------------------------------------------------------------------------------------------------
// Helpers

type Reply = { status: number; body: Record<string, unknown> };
type Claims = Record<string, unknown>;

const JWT_HEADERS = { "Content-Type": "application/jwt" };
const encoder = new TextEncoder();
const b64url = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** Every JWT-like body sent during the current test, to prove none of them ends up in a Delivery row. */
let sentTokens: string[] = [];

/** A production uuid as Auphonic makes them: 22 letters and digits. */
function productionUuid(): string {
  return randomBytes(32).toString("base64").replace(/[^A-Za-z0-9]/g, "").slice(0, 22);
}

/** A JWT as jose signs it (HS256 with the client secret unless told otherwise). */
async function signed(claims: Claims, { alg = "HS256", secret = CLIENT_SECRET }: { alg?: string; secret?: string } = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg, typ: "JWT" }).sign(encoder.encode(secret));
}

/** A compact JWS built by hand (any header, any payload text), HMAC-SHA256 signed with `secret`. */
function handSigned(header: unknown, payload: unknown, secret = CLIENT_SECRET): string {
  const input = `${b64url(header)}.${b64url(payload)}`;
  return `${input}.${createHmac("sha256", secret).update(input).digest("base64url")}`;
}

/** POSTs to the real route handler. `headers` replaces the default Content-Type: application/jwt. */
async function deliver(
  secret: string,
  body: BodyInit | null,
  headers: Record<string, string> = JWT_HEADERS,
  init: RequestInit = {},
): Promise<Reply> {
  if (typeof body === "string" && body.length >= 16) sentTokens.push(body.trim());
  const request = new Request(`${APP_URL}/api/auphonic/webhook/${encodeURIComponent(secret)}`, {
    method: "POST",
    headers,
    body,
    ...init,
  });
  const response = await POST(request, { params: Promise.resolve({ secret }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** A body of `bytes` streamed in chunks, with no Content-Length (the request needs `duplex: "half"`). */
function streamed(bytes: Uint8Array, chunkSize = 1024): RequestInit {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let offset = 0; offset < bytes.length; offset += chunkSize) controller.enqueue(bytes.slice(offset, offset + chunkSize));
      controller.close();
    },
  });
  return { body, duplex: "half" } as RequestInit;
}

const deliverValid = async (secret: string, uuid: string, customData?: string) =>
  deliver(secret, await signed(customData === undefined ? { uuid } : { uuid, custom_data: customData }));

/** The episode and its latest import job. */
async function episodeAndJob(connectionId: string, uuid: string) {
  const where = { connectionId_productionUuid: { connectionId, productionUuid: uuid } };
  const jobs = await listImportJobs(db, { key: { connectionId, productionUuid: uuid } });
  expect(jobs.length).toBeGreaterThan(0);
  return { episode: await db.episode.findUniqueOrThrow({ where }), job: jobs.at(-1)!, jobs };
}

const liveJobCount = async () => (await listImportJobs(db, { live: true })).length;

/** Everything a webhook could create or change besides the Delivery log. */
async function importRows() {
  return {
    episodes: await db.episode.findMany({ orderBy: { id: "asc" } }),
    jobs: await listImportJobs(db),
  };
}

type Rejection = { status: number | "4xx"; error?: string; connectionId: string | null };

/** Sends, then checks: the status, the { error, message } body, one new refused Delivery, no import change. */
async function expectRejected(send: () => Promise<Reply>, expected: Rejection) {
  const before = await importRows();
  const known = new Set((await db.delivery.findMany({ select: { id: true } })).map((row) => row.id));
  const reply = await send();

  if (expected.status === "4xx") {
    expect(reply.status).toBeGreaterThanOrEqual(400);
    expect(reply.status).toBeLessThan(500);
  } else {
    expect(reply.status).toBe(expected.status);
  }
  expect(reply.body).toEqual({ error: expected.error ?? expect.any(String), message: expect.any(String) });
  expect(String(reply.body.message).length).toBeGreaterThan(0);

  const logged = (await db.delivery.findMany()).filter((row) => !known.has(row.id));
  // A URL that is no connection's leaves no row: nobody's log may be filled from outside.
  expect(logged).toHaveLength(expected.connectionId === null ? 0 : 1);
  if (expected.connectionId !== null) expect(logged[0]).toMatchObject({
    accepted: false,
    httpStatus: reply.status,
    connectionId: expected.connectionId,
    reason: reply.body.message,
    productionUuid: null,
    episodeId: null,
  });
  expect(await importRows()).toEqual(before);
  return reply;
}

function episodeIdOf(reply: Reply): string {
  const match = /^http:\/\/localhost:3999\/media\/episodes\/([^/]+)\/audio$/.exec(String(reply.body.result_file_url));
  expect(match).not.toBeNull();
  return match![1]!;
}

// ---------------------------------------------------------------------------------------------------------

beforeEach(async () => {
  sentTokens = [];
  await db.delivery.deleteMany();
  await deleteImportJobs(db);
  await db.episode.deleteMany();
});

// No Delivery row, in any test, may hold a webhook secret, the client secret, or any JWT text we sent.
afterEach(async () => {
  const secrets = [publish.webhookSecret, draft.webhookSecret, deleted.webhookSecret, UNKNOWN_SECRET, CLIENT_SECRET];
  const tokenParts = sentTokens.flatMap((token) => [token, ...token.split(".").filter((part) => part.length >= 20)]);
  for (const row of await db.delivery.findMany()) {
    for (const field of [row.reason, row.productionUuid ?? "", row.episodeId ?? "", row.connectionId ?? ""]) {
      for (const secret of secrets) expect(field).not.toContain(secret);
      for (const part of tokenParts) expect(field).not.toContain(part);
    }
  }
});

describe("refused deliveries: 4xx, logged, nothing imported", () => {
  // An existing production whose job is done: a refused delivery for it must not re-queue it.
  const EXISTING = productionUuid();

  beforeEach(async () => {
    expect((await deliverValid(publish.webhookSecret, EXISTING)).status).toBe(200);
    await setImportJobState(db, null, "completed");
    await db.episode.updateMany({ data: { importState: "ready" } });
  });

  describe("bad JWTs", () => {
    const cases: { name: string; token: () => Promise<string | Uint8Array<ArrayBuffer>>; status: number; error: string }[] = [
      {
        name: "signed with the wrong secret",
        token: () => signed({ uuid: EXISTING }, { secret: "not-the-client-secret-at-all-123" }),
        status: 401,
        error: "UNAUTHORIZED",
      },
      {
        // Either 400 or 401 would do; the code answers 401 (jose: JOSEAlgNotAllowed).
        name: 'unsigned, alg "none"',
        token: async () => `${b64url({ alg: "none" })}.${b64url({ uuid: EXISTING })}.`,
        status: 401,
        error: "UNAUTHORIZED",
      },
      {
        name: 'unsigned, alg "none" with typ JWT and a signature',
        token: async () => `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ uuid: EXISTING })}.${b64url("x")}`,
        status: 401,
        error: "UNAUTHORIZED",
      },
      {
        name: "HS512 with the right secret",
        token: () => signed({ uuid: EXISTING }, { alg: "HS512" }),
        status: 401,
        error: "UNAUTHORIZED",
      },
      {
        name: "HS384 with the right secret",
        token: () => signed({ uuid: EXISTING }, { alg: "HS384" }),
        status: 401,
        error: "UNAUTHORIZED",
      },
      {
        // Key confusion attempt: an asymmetric alg with the HMAC secret as "key". The code answers 401.
        name: "RS256 header with a junk signature",
        token: async () => `${b64url({ alg: "RS256", typ: "JWT" })}.${b64url({ uuid: EXISTING })}.${randomBytes(256).toString("base64url")}`,
        status: 401,
        error: "UNAUTHORIZED",
      },
      {
        name: "RS256 header, HMAC-signed with the client secret",
        token: async () => handSigned({ alg: "RS256", typ: "JWT" }, { uuid: EXISTING }),
        status: 401,
        error: "UNAUTHORIZED",
      },
      {
        name: "expired (exp in the past)",
        token: () => signed({ uuid: EXISTING, exp: Math.floor(Date.now() / 1000) - 3600 }),
        status: 401,
        error: "UNAUTHORIZED",
      },
      {
        name: "truncated in the middle",
        token: async () => {
          const token = await signed({ uuid: EXISTING });
          return token.slice(0, Math.floor(token.length / 2));
        },
        status: 400,
        error: "BAD_REQUEST",
      },
      { name: 'garbage body "hello"', token: async () => "hello", status: 400, error: "BAD_REQUEST" },
      { name: "empty body", token: async () => "", status: 400, error: "BAD_REQUEST" },
      { name: "whitespace-only body", token: async () => " \r\n\t ", status: 400, error: "BAD_REQUEST" },
      { name: "non-UTF-8 bytes", token: async () => new Uint8Array([0xff, 0xfe, 0xfd, 0x80, 0xc3]), status: 400, error: "BAD_REQUEST" },
      {
        name: "a valid JWT followed by a non-UTF-8 byte",
        token: async () => new Uint8Array([...encoder.encode(await signed({ uuid: EXISTING })), 0xff]),
        status: 400,
        error: "BAD_REQUEST",
      },
      {
        name: "nbf in the future",
        token: () => signed({ uuid: EXISTING, nbf: Math.floor(Date.now() / 1000) + 3600 }),
        status: 400,
        error: "BAD_REQUEST",
      },
      {
        name: "an unknown critical header",
        token: async () => handSigned({ alg: "HS256", crit: ["podhaven"], podhaven: 1 }, { uuid: EXISTING }),
        status: 400,
        error: "BAD_REQUEST",
      },
    ];

    it.each(cases)("$name → $status", async ({ token, status, error }) => {
      const body = await token();
      await expectRejected(() => deliver(publish.webhookSecret, body), { status, error, connectionId: publish.id });
    });
  });

  describe("bad claims (correctly signed) → 400", () => {
    const cases: { name: string; claims: Claims }[] = [
      { name: "missing uuid", claims: { custom_data: "{}" } },
      { name: "empty uuid", claims: { uuid: "" } },
      { name: "uuid of 21 characters", claims: { uuid: productionUuid().slice(0, 21) } },
      { name: "uuid of 23 characters", claims: { uuid: `${productionUuid()}a` } },
      { name: "uuid with punctuation", claims: { uuid: "abc-def_ghi.jkl+mno/pq" } },
      { name: "uuid with a path", claims: { uuid: "../../../../etc/passwd" } },
      { name: "uuid with a non-ASCII letter", claims: { uuid: "abcdefghijklmnopqrstuä" } },
      { name: "uuid as a number", claims: { uuid: 1234567890123456789012 } },
      { name: "uuid as an array", claims: { uuid: [productionUuid()] } },
      { name: "uuid null", claims: { uuid: null } },
      { name: "custom_data as an object", claims: { uuid: productionUuid(), custom_data: { publishState: "publish" } } },
      { name: "custom_data as a number", claims: { uuid: productionUuid(), custom_data: 2 } },
    ];

    it.each(cases)("$name", async ({ claims }) => {
      const token = await signed(claims);
      await expectRejected(() => deliver(publish.webhookSecret, token), { status: 400, error: "BAD_REQUEST", connectionId: publish.id });
    });

    it("the existing production's uuid with custom_data as an object does not re-queue it", async () => {
      const token = await signed({ uuid: EXISTING, custom_data: { publishState: "draft" } });
      await expectRejected(() => deliver(publish.webhookSecret, token), { status: 400, error: "BAD_REQUEST", connectionId: publish.id });
    });
  });

  describe("wrong Content-Type → 415", () => {
    const cases: { name: string; headers: Record<string, string> }[] = [
      { name: "application/json", headers: { "Content-Type": "application/json" } },
      { name: "text/plain", headers: { "Content-Type": "text/plain" } },
      { name: "application/jwt+json", headers: { "Content-Type": "application/jwt+json" } },
      { name: "application/x-www-form-urlencoded", headers: { "Content-Type": "application/x-www-form-urlencoded" } },
      { name: "missing", headers: {} },
    ];

    it.each(cases)("$name", async ({ headers }) => {
      // A perfectly valid JWT as bytes (a string body would get text/plain added by Request).
      const body = encoder.encode(await signed({ uuid: productionUuid() }));
      await expectRejected(() => deliver(publish.webhookSecret, body, headers), {
        status: 415,
        error: "UNSUPPORTED_MEDIA_TYPE",
        connectionId: publish.id,
      });
    });
  });

  describe("oversized bodies → 413", () => {
    it("a Content-Length above the limit is refused before reading (the body itself is a valid JWT)", async () => {
      const token = await signed({ uuid: productionUuid() });
      await expectRejected(() => deliver(publish.webhookSecret, token, { ...JWT_HEADERS, "Content-Length": String(MAX_BYTES + 1) }), {
        status: 413,
        error: "PAYLOAD_TOO_LARGE",
        connectionId: publish.id,
      });
    });

    it("a streamed body over the limit without Content-Length", async () => {
      const bytes = encoder.encode("A".repeat(MAX_BYTES + 100));
      await expectRejected(() => deliver(publish.webhookSecret, null, JWT_HEADERS, streamed(bytes)), {
        status: 413,
        error: "PAYLOAD_TOO_LARGE",
        connectionId: publish.id,
      });
    });

    it("a valid JWT padded with whitespace past the limit (8193 bytes) is refused, not trimmed", async () => {
      const token = await signed({ uuid: productionUuid() });
      const bytes = encoder.encode(token.padEnd(MAX_BYTES + 1, " "));
      await expectRejected(() => deliver(publish.webhookSecret, null, JWT_HEADERS, streamed(bytes, 100)), {
        status: 413,
        error: "PAYLOAD_TOO_LARGE",
        connectionId: publish.id,
      });
    });

    it("an endless stream is cut off right after the limit", async () => {
      let pulled = 0;
      let cancelled = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += 1024;
          controller.enqueue(new Uint8Array(1024).fill(65));
        },
        cancel() {
          cancelled = true;
        },
      });
      await expectRejected(() => deliver(publish.webhookSecret, null, JWT_HEADERS, { body, duplex: "half" } as RequestInit), {
        status: 413,
        error: "PAYLOAD_TOO_LARGE",
        connectionId: publish.id,
      });
      expect(pulled).toBeLessThan(MAX_BYTES * 4);
      expect(cancelled).toBe(true);
    });
  });

  describe("unknown, malformed and deleted connections", () => {
    it("an unknown secret of the right format → 404, counted but not logged", async () => {
      const { unknownWebhookPaths } = await import("./limit-refusals");
      const countBefore = unknownWebhookPaths.count;
      const token = await signed({ uuid: EXISTING });
      await expectRejected(() => deliver(UNKNOWN_SECRET, token), { status: 404, error: "NOT_FOUND", connectionId: null });
      expect(unknownWebhookPaths.count).toBe(countBefore + 1);
    });

    it.each(["abc", "../../etc", "", `${publish.webhookSecret}x`, publish.webhookSecret.slice(1), `${publish.webhookSecret.slice(0, 42)}!`, "%00"])(
      "a malformed secret %j → 404",
      async (secret) => {
        const token = await signed({ uuid: EXISTING });
        await expectRejected(() => deliver(secret, token), { status: 404, error: "NOT_FOUND", connectionId: null });
      },
    );

    it("an unknown secret answers 404 even with a wrong Content-Type (the connection is checked first)", async () => {
      await expectRejected(() => deliver(UNKNOWN_SECRET, "hello", { "Content-Type": "text/plain" }), {
        status: 404,
        error: "NOT_FOUND",
        connectionId: null,
      });
    });

    it("a deleted connection → 410, logged against that connection", async () => {
      const token = await signed({ uuid: productionUuid() });
      await expectRejected(() => deliver(deleted.webhookSecret, token), { status: 410, error: "GONE", connectionId: deleted.id });
      expect(await db.episode.count({ where: { connectionId: deleted.id } })).toBe(0);
    });
  });

  describe("generated malformed tokens: always 4xx, never 5xx, nothing imported", () => {
    // Built from a valid token for a production nobody has delivered: an accidental acceptance would create it.
    const fresh = productionUuid();
    type Mangle = { name: string; make: (parts: { h: string; p: string; s: string; token: string }) => string | Promise<string> };
    const insertAt = (text: string, char: string, at = Math.floor(text.length / 2)) => text.slice(0, at) + char + text.slice(at);
    const mangles: Mangle[] = [];

    // Characters that are not base64url, in the middle of each part.
    for (const char of ["!", "*", "%", "+", "/", "=", "$"]) {
      mangles.push({ name: `header with ${JSON.stringify(char)}`, make: ({ h, p, s }) => `${insertAt(h, char)}.${p}.${s}` });
      mangles.push({ name: `payload with ${JSON.stringify(char)}`, make: ({ h, p, s }) => `${h}.${insertAt(p, char)}.${s}` });
      mangles.push({ name: `signature with ${JSON.stringify(char)}`, make: ({ h, p, s }) => `${h}.${p}.${insertAt(s, char)}` });
    }
    // Parts in the wrong order.
    mangles.push(
      { name: "swapped header/payload", make: ({ h, p, s }) => `${p}.${h}.${s}` },
      { name: "swapped payload/signature", make: ({ h, p, s }) => `${h}.${s}.${p}` },
      { name: "swapped header/signature", make: ({ h, p, s }) => `${s}.${p}.${h}` },
      { name: "rotated parts", make: ({ h, p, s }) => `${s}.${h}.${p}` },
      { name: "reversed token", make: ({ token }) => [...token].reverse().join("") },
      { name: "signature of another payload", make: async ({ h, p }) => `${h}.${p}.${(await signed({ uuid: productionUuid() })).split(".")[2]}` },
      { name: "payload of another token", make: async ({ h, s }) => `${h}.${(await signed({ uuid: productionUuid() })).split(".")[1]}.${s}` },
    );
    // Wrong number of dots.
    mangles.push(
      { name: "trailing dot", make: ({ token }) => `${token}.` },
      { name: "leading dot", make: ({ token }) => `.${token}` },
      { name: "double dot after header", make: ({ h, p, s }) => `${h}..${p}.${s}` },
      { name: "double dot before signature", make: ({ h, p, s }) => `${h}.${p}..${s}` },
      { name: "signature repeated as a fourth part", make: ({ token, s }) => `${token}.${s}` },
      { name: "JWE-like five parts", make: ({ h, p, s }) => `${h}.${p}.${s}.${p}.${s}` },
      { name: "header and payload only", make: ({ h, p }) => `${h}.${p}` },
      { name: "header only", make: ({ h }) => h },
      { name: "only dots", make: () => ".." },
      { name: "three dots", make: () => "..." },
      { name: "empty signature", make: ({ h, p }) => `${h}.${p}.` },
      { name: "empty header", make: ({ p, s }) => `.${p}.${s}` },
      { name: "empty payload", make: ({ h, s }) => `${h}..${s}` },
    );
    // Whitespace inside the signed parts (leading/trailing whitespace is trimmed and accepted, see below).
    for (const [label, char] of [["space", " "], ["tab", "\t"], ["newline", "\n"], ["CRLF", "\r\n"]] as const) {
      mangles.push({ name: `${label} inside the header`, make: ({ h, p, s }) => `${insertAt(h, char)}.${p}.${s}` });
      mangles.push({ name: `${label} inside the payload`, make: ({ h, p, s }) => `${h}.${insertAt(p, char)}.${s}` });
      mangles.push({ name: `${label} around a dot`, make: ({ h, p, s }) => `${h} .${p}.${s}` });
    }
    // Large values, still under the 8 KiB body limit.
    mangles.push(
      {
        name: "huge kid header, wrong secret",
        make: () => handSigned({ alg: "HS256", typ: "JWT", kid: "k".repeat(5000) }, { uuid: fresh }, "wrong-secret-wrong-secret"),
      },
      { name: "huge alg header", make: () => handSigned({ alg: "H".repeat(5000), typ: "JWT" }, { uuid: fresh }) },
      { name: "huge junk header part", make: ({ p, s }) => `${"A".repeat(6000)}.${p}.${s}` },
      { name: "huge signature", make: ({ h, p }) => `${h}.${p}.${"A".repeat(6000)}` },
      { name: "huge claim, no uuid", make: () => handSigned({ alg: "HS256", typ: "JWT" }, { junk: "x".repeat(5000) }) },
      { name: "huge uuid", make: () => handSigned({ alg: "HS256", typ: "JWT" }, { uuid: "a".repeat(5000) }) },
    );
    // Unicode.
    mangles.push(
      { name: "é in the header", make: ({ h, p, s }) => `${insertAt(h, "é")}.${p}.${s}` },
      { name: "emoji in the payload", make: ({ h, p, s }) => `${h}.${insertAt(p, "😀")}.${s}` },
      { name: "ü in the signature", make: ({ h, p, s }) => `${h}.${p}.${insertAt(s, "ü")}` },
      { name: "no-break space in the signature", make: ({ h, p, s }) => `${h}.${p}.${insertAt(s, "\u00a0")}` },
      { name: "zero-width space in the signature", make: ({ h, p, s }) => `${h}.${p}.${insertAt(s, "\u200b")}` },
      { name: "fullwidth dots", make: ({ h, p, s }) => `${h}\uff0e${p}\uff0e${s}` },
      { name: "Cyrillic look-alike letters", make: ({ token }) => token.replace(/a/g, "\u0430").replace(/e/g, "\u0435") },
      { name: "lone surrogate in the payload", make: ({ h, p, s }) => `${h}.${insertAt(p, "\ud800")}.${s}` },
      { name: "NUL in the token", make: ({ h, p, s }) => `${h}.${p}\u0000.${s}` },
    );
    // Structurally valid but semantically broken, correctly signed.
    mangles.push(
      { name: "header is a JSON array", make: () => handSigned(["HS256"], { uuid: fresh }) },
      { name: "header is not JSON", make: () => handSigned("alg=HS256", { uuid: fresh }) },
      { name: "header without alg", make: () => handSigned({ typ: "JWT" }, { uuid: fresh }) },
      { name: "alg in lower case", make: () => handSigned({ alg: "hs256" }, { uuid: fresh }) },
      { name: "payload is a JSON array", make: () => handSigned({ alg: "HS256" }, [fresh]) },
      { name: "payload is a JSON string", make: () => handSigned({ alg: "HS256" }, JSON.stringify(fresh)) },
      { name: "payload is null", make: () => handSigned({ alg: "HS256" }, "null") },
      { name: "payload is not JSON", make: () => handSigned({ alg: "HS256" }, `uuid=${fresh}`) },
      { name: "unencoded payload (b64: false)", make: () => handSigned({ alg: "HS256", b64: false, crit: ["b64"] }, { uuid: fresh }) },
      { name: "exp as a string", make: () => handSigned({ alg: "HS256" }, { uuid: fresh, exp: "tomorrow" }) },
      { name: "iat as a string", make: () => handSigned({ alg: "HS256" }, { uuid: fresh, iat: "now" }) },
      { name: "empty-string secret HMAC", make: () => handSigned({ alg: "HS256" }, { uuid: fresh }, "") },
    );

    it("has at least 40 generated cases", () => {
      expect(mangles.length).toBeGreaterThanOrEqual(40);
    });

    it.each(mangles)("$name", async ({ make }) => {
      const token = await signed({ uuid: fresh });
      const [h = "", p = "", s = ""] = token.split(".");
      const body = await make({ h, p, s, token });
      expect(body).not.toBe(token);
      const reply = await expectRejected(() => deliver(publish.webhookSecret, body), { status: "4xx", connectionId: publish.id });
      expect([400, 401, 413]).toContain(reply.status);
      expect(await db.episode.count({ where: { productionUuid: fresh } })).toBe(0);
    });
  });
});

describe("accepted deliveries", () => {
  it("queues one episode and one job and answers with the public URL (publish connection)", async () => {
    const uuid = productionUuid();
    const reply = await deliverValid(publish.webhookSecret, uuid);
    expect(reply.status).toBe(200);
    const { episode, job } = await episodeAndJob(publish.id, uuid);
    expect(reply.body).toEqual({
      result_page_url: `${APP_URL}/podcasts/family/episodes/${episode.id}`,
      result_file_url: `${APP_URL}/media/episodes/${episode.id}/audio`,
    });
    expect(episode).toMatchObject({ importState: "queued", userId: user.id, showId: show.id, productionUuid: uuid });
    expect(episode.guid).toMatch(/^[0-9a-f-]{36}$/);
    expect(job).toMatchObject({ state: "created", retryCount: 0, data: { episodeId: episode.id, connectionId: publish.id, productionUuid: uuid } });
    expect(episode.importRerunRequested).toBe(false);
    expect(await db.episode.count()).toBe(1);
    expect(await liveJobCount()).toBe(1);
    expect(await db.delivery.findMany()).toEqual([
      expect.objectContaining({ connectionId: publish.id, accepted: true, httpStatus: 200, productionUuid: uuid, episodeId: episode.id }),
    ]);
  });

  it("answers with the dashboard URL for a draft connection", async () => {
    const uuid = productionUuid();
    const reply = await deliverValid(draft.webhookSecret, uuid);
    expect(reply.status).toBe(200);
    const { episode, job } = await episodeAndJob(draft.id, uuid);
    expect(reply.body).toEqual({
      result_page_url: `${APP_URL}/episodes/${episode.id}`,
      result_file_url: `${APP_URL}/media/episodes/${episode.id}/audio`,
    });
    expect(episode.importState).toBe("queued");
    expect(job.state).toBe("created");
    expect(await db.delivery.count({ where: { accepted: true, connectionId: draft.id } })).toBe(1);
  });

  it("accepts extra registered claims (exp in the future, iat, nbf in the past, iss, aud, jti) and extra header fields", async () => {
    const now = Math.floor(Date.now() / 1000);
    const uuid = productionUuid();
    const token = await new SignJWT({ uuid, custom_data: '{"publishState":"publish"}', extra: { nested: true } })
      .setProtectedHeader({ alg: "HS256", typ: "JWT", kid: "auphonic" })
      .setIssuedAt(now - 10)
      .setNotBefore(now - 10)
      .setExpirationTime(now + 3600)
      .setIssuer("https://auphonic.com")
      .setAudience("podhaven")
      .setJti("abc")
      .sign(encoder.encode(CLIENT_SECRET));
    const reply = await deliver(publish.webhookSecret, token);
    expect(reply.status).toBe(200);
    expect((await episodeAndJob(publish.id, uuid)).job.state).toBe("created");
  });

  it("accepts a header without typ, Content-Type parameters and case, and surrounding whitespace", async () => {
    const uuids = [productionUuid(), productionUuid(), productionUuid()];
    const [a = "", b = "", c = ""] = uuids;
    expect((await deliver(publish.webhookSecret, handSigned({ alg: "HS256" }, { uuid: a }))).status).toBe(200);
    expect((await deliver(publish.webhookSecret, await signed({ uuid: b }), { "Content-Type": "Application/JWT; charset=utf-8" })).status).toBe(200);
    expect((await deliver(publish.webhookSecret, `\r\n ${await signed({ uuid: c })}\n`)).status).toBe(200);
    expect(await db.episode.count()).toBe(3);
  });

  it("accepts a body of exactly the limit (8192 bytes), streamed or with Content-Length", async () => {
    const uuid = productionUuid();
    const bytes = encoder.encode((await signed({ uuid })).padEnd(MAX_BYTES, " "));
    expect(bytes.length).toBe(MAX_BYTES);
    expect((await deliver(publish.webhookSecret, null, JWT_HEADERS, streamed(bytes, 1000))).status).toBe(200);
    expect((await deliver(publish.webhookSecret, bytes, { ...JWT_HEADERS, "Content-Length": String(MAX_BYTES) })).status).toBe(200);
    expect(await db.episode.count()).toBe(1);
  });

  it("the same delivery 10 times in a row: one episode, one job, same id and guid, 10 accepted deliveries", async () => {
    const uuid = productionUuid();
    const token = await signed({ uuid });
    const replies: Reply[] = [];
    for (let i = 0; i < 10; i++) replies.push(await deliver(publish.webhookSecret, token));
    const { episode, job } = await episodeAndJob(publish.id, uuid);
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(episodeIdOf(reply)).toBe(episode.id);
    }
    const guid = episode.guid;
    expect(await db.episode.count()).toBe(1);
    expect(await listImportJobs(db)).toHaveLength(1);
    expect(job.state).toBe("created");
    expect(await db.delivery.count({ where: { accepted: true, episodeId: episode.id } })).toBe(10);
    expect((await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).guid).toBe(guid);
  });

  it("the same delivery 10 times concurrently, then 10 more: still one episode and one job", async () => {
    const uuid = productionUuid();
    const token = await signed({ uuid });
    const concurrent = await Promise.all(Array.from({ length: 10 }, () => deliver(publish.webhookSecret, token)));
    expect(concurrent.map((reply) => reply.status)).toEqual(Array(10).fill(200));
    const { episode } = await episodeAndJob(publish.id, uuid);
    for (const reply of concurrent) expect(episodeIdOf(reply)).toBe(episode.id);

    const again = await Promise.all(Array.from({ length: 10 }, () => deliverValid(publish.webhookSecret, uuid)));
    for (const reply of again) expect(episodeIdOf(reply)).toBe(episode.id);

    expect(await db.episode.count()).toBe(1);
    expect(await listImportJobs(db)).toHaveLength(1);
    expect((await db.episode.findUniqueOrThrow({ where: { id: episode.id } })).guid).toBe(episode.guid);
    expect(await db.delivery.count({ where: { accepted: true, episodeId: episode.id } })).toBe(20);
    expect(await db.delivery.count({ where: { accepted: false } })).toBe(0);
  });

  it("valid and refused deliveries interleaved concurrently are each logged once", async () => {
    const uuid = productionUuid();
    const good = await signed({ uuid });
    const bad = await signed({ uuid }, { secret: "wrong-secret-wrong-secret" });
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) => deliver(publish.webhookSecret, i % 2 === 0 ? good : bad)),
    );
    expect(replies.map((reply) => reply.status).sort()).toEqual([...Array(10).fill(200), ...Array(10).fill(401)]);
    expect(await db.episode.count()).toBe(1);
    expect(await listImportJobs(db)).toHaveLength(1);
    expect(await db.delivery.count({ where: { accepted: true } })).toBe(10);
    expect(await db.delivery.count({ where: { accepted: false, httpStatus: 401, connectionId: publish.id } })).toBe(10);
  });

  it("a burst accepted together answers each delivery for itself: connections, duplicates, deleted and unknown URLs", async () => {
    const publishUuids = Array.from({ length: 5 }, productionUuid);
    const draftUuids = Array.from({ length: 5 }, productionUuid);
    const sends = [
      ...[...publishUuids, ...publishUuids].map((uuid) => ({ secret: publish.webhookSecret, uuid, expect: 200 })),
      ...draftUuids.map((uuid) => ({ secret: draft.webhookSecret, uuid, expect: 200 })),
      ...Array.from({ length: 5 }, () => ({ secret: deleted.webhookSecret, uuid: productionUuid(), expect: 410 })),
      ...Array.from({ length: 5 }, () => ({ secret: UNKNOWN_SECRET, uuid: productionUuid(), expect: 404 })),
    ];
    const tokens = await Promise.all(sends.map((send) => signed({ uuid: send.uuid })));
    const replies = await Promise.all(sends.map((send, index) => deliver(send.secret, tokens[index]!)));
    replies.forEach((reply, index) => expect(reply.status, `delivery ${index}`).toBe(sends[index]!.expect));
    for (const [index, reply] of replies.entries()) {
      if (reply.status !== 200) continue;
      const send = sends[index]!;
      const connection = send.secret === publish.webhookSecret ? publish : draft;
      const { episode } = await episodeAndJob(connection.id, send.uuid);
      expect(episodeIdOf(reply)).toBe(episode.id);
      expect(reply.body.result_page_url).toBe(connection === publish ? `${APP_URL}/podcasts/family/episodes/${episode.id}` : `${APP_URL}/episodes/${episode.id}`);
    }
    expect(await db.episode.count()).toBe(10);
    expect(await liveJobCount()).toBe(10);
    expect(await db.delivery.count({ where: { accepted: true } })).toBe(15);
    expect(await db.delivery.count({ where: { accepted: false, httpStatus: 410, connectionId: deleted.id } })).toBe(5);
    expect(await db.delivery.count({ where: { accepted: false, httpStatus: 404 } })).toBe(0); // unknown URLs: no rows
  });

  it("refusals from one address are logged up to 30 a minute, then answered 429 unlogged; genuine deliveries still pass", async () => {
    const { receiveWebhook } = await import("./receive-webhook");
    const send = async (token: string, clientAddress: string) =>
      receiveWebhook(publish.webhookSecret, { contentType: "application/jwt", contentLength: null, chunks: [encoder.encode(token)], clientAddress });
    const bad = await signed({ uuid: productionUuid() }, { secret: "not-the-client-secret-at-all-123" });
    const statuses = [];
    for (let i = 0; i < 35; i++) statuses.push((await send(bad, "203.0.113.7")).status);
    expect(statuses.slice(0, 30)).toEqual(Array(30).fill(401));
    expect(statuses.slice(30)).toEqual(Array(5).fill(429));
    expect(await db.delivery.count({ where: { accepted: false } })).toBe(30);
    // Another address has its own budget, and a genuine delivery from the flooding one is accepted.
    expect((await send(bad, "198.51.100.1")).status).toBe(401);
    expect((await send(await signed({ uuid: productionUuid() }), "203.0.113.7")).status).toBe(200);
    expect(await db.delivery.count()).toBe(32);
  });

  it("the same production uuid on two connections makes two episodes, one per connection", async () => {
    const uuid = productionUuid();
    const first = await deliverValid(publish.webhookSecret, uuid);
    const second = await deliverValid(draft.webhookSecret, uuid);
    expect([first.status, second.status]).toEqual([200, 200]);
    const a = await episodeAndJob(publish.id, uuid);
    const b = await episodeAndJob(draft.id, uuid);
    expect(a.episode.id).not.toBe(b.episode.id);
    expect(a.episode.guid).not.toBe(b.episode.guid);
    expect(a.job.id).not.toBe(b.job.id);
    expect(episodeIdOf(first)).toBe(a.episode.id);
    expect(episodeIdOf(second)).toBe(b.episode.id);
    expect(first.body.result_page_url).toBe(`${APP_URL}/podcasts/family/episodes/${a.episode.id}`);
    expect(second.body.result_page_url).toBe(`${APP_URL}/episodes/${b.episode.id}`);
    expect(await db.episode.count()).toBe(2);
    expect(await listImportJobs(db)).toHaveLength(2);
  });

  it("a production the creator imported into another show on purpose (Import into…) is left there: logged, answered 200, no episode", async () => {
    const { CHOSEN_ELSEWHERE_REASON } = await import("./accept-delivery");
    const otherShow = await db.show.create({ data: { userId: user.id, ...showInput("chosen-elsewhere") } });
    const chosenConnection = await db.connection.create({
      data: { userId: user.id, showId: otherShow.id, displayName: "Chosen - Draft", customData: '{"publishState":"draft"}', webhookSecret: newSecret() },
    });
    try {
      const uuid = productionUuid();
      const chosen = await db.episode.create({
        data: { userId: user.id, showId: otherShow.id, connectionId: chosenConnection.id, productionUuid: uuid, guid: "chosen-guid", productionChosenByCreator: true },
      });
      const before = await importRows();
      const reply = await deliverValid(publish.webhookSecret, uuid);
      expect(reply).toEqual({ status: 200, body: { message: CHOSEN_ELSEWHERE_REASON } });
      expect(await importRows()).toEqual(before);
      expect(await db.delivery.findMany({ where: { productionUuid: uuid } })).toEqual([
        expect.objectContaining({ connectionId: publish.id, accepted: true, httpStatus: 200, reason: CHOSEN_ELSEWHERE_REASON, episodeId: null }),
      ]);

      // Its own connection's delivery is a re-delivery as ever; another production on the same connection is imported.
      expect((await deliverValid(chosenConnection.webhookSecret, uuid)).status).toBe(200);
      expect((await episodeAndJob(chosenConnection.id, uuid)).episode.id).toBe(chosen.id);
      const other = productionUuid();
      expect(episodeIdOf(await deliverValid(publish.webhookSecret, other))).toBe((await episodeAndJob(publish.id, other)).episode.id);
      expect(await db.episode.count({ where: { productionUuid: uuid } })).toBe(1);
    } finally {
      await db.episode.deleteMany({ where: { showId: otherShow.id } });
      await db.connection.delete({ where: { id: chosenConnection.id } });
      await db.show.delete({ where: { id: otherShow.id } });
    }
  });

  it("re-delivery after the job is done queues a new job with fresh attempts and keeps the guid", async () => {
    const uuid = productionUuid();
    await deliverValid(publish.webhookSecret, uuid);
    const before = await episodeAndJob(publish.id, uuid);
    await setImportJobState(db, before.job.id, "completed", 3);
    await db.episode.update({ where: { id: before.episode.id }, data: { importState: "ready" } });

    const reply = await deliverValid(publish.webhookSecret, uuid);
    expect(reply.status).toBe(200);
    expect(episodeIdOf(reply)).toBe(before.episode.id);
    const after = await episodeAndJob(publish.id, uuid);
    expect(after.job).toMatchObject({ state: "created", retryCount: 0 });
    expect(after.job.id).not.toBe(before.job.id);
    expect(after.episode).toMatchObject({ id: before.episode.id, guid: before.episode.guid, importState: "ready", importRerunRequested: false });
    expect(await liveJobCount()).toBe(1);
    expect(await db.episode.count()).toBe(1);
  });

  it("re-delivery while a failed attempt waits for its retry makes it due now, with fresh attempts", async () => {
    const uuid = productionUuid();
    await deliverValid(publish.webhookSecret, uuid);
    const before = await episodeAndJob(publish.id, uuid);
    await setImportJobState(db, before.job.id, "retry", 4);

    expect((await deliverValid(publish.webhookSecret, uuid)).status).toBe(200);
    const after = await episodeAndJob(publish.id, uuid);
    expect(after.jobs.map((job) => job.state)).toEqual(["cancelled", "created"]);
    expect(after.job.retryCount).toBe(0);
    expect(await liveJobCount()).toBe(1);
  });

  it("re-delivery after the job failed re-queues it and the episode", async () => {
    const uuid = productionUuid();
    await deliverValid(publish.webhookSecret, uuid);
    const before = await episodeAndJob(publish.id, uuid);
    await setImportJobState(db, before.job.id, "failed", 7);
    await db.episode.update({ where: { id: before.episode.id }, data: { importState: "failed", importError: "boom" } });

    expect((await deliverValid(publish.webhookSecret, uuid)).status).toBe(200);
    const after = await episodeAndJob(publish.id, uuid);
    expect(after.jobs.map((job) => job.state)).toEqual(["failed", "created"]);
    expect(after.job.retryCount).toBe(0);
    expect(after.episode).toMatchObject({ guid: before.episode.guid, importState: "queued", importError: null });
  });

  it("re-delivery while the job runs asks for a re-run and leaves it running", async () => {
    const uuid = productionUuid();
    await deliverValid(publish.webhookSecret, uuid);
    const before = await episodeAndJob(publish.id, uuid);
    await setImportJobState(db, before.job.id, "active");

    expect((await deliverValid(publish.webhookSecret, uuid)).status).toBe(200);
    const after = await episodeAndJob(publish.id, uuid);
    expect(after.job).toMatchObject({ id: before.job.id, state: "active" });
    expect(after.episode).toMatchObject({ guid: before.episode.guid, importRerunRequested: true });
    expect(await listImportJobs(db)).toHaveLength(1);
  });

  it("without custom_data in the JWT, the episode gets the connection's custom_data", async () => {
    const uuid = productionUuid();
    const reply = await deliverValid(publish.webhookSecret, uuid);
    const { episode } = await episodeAndJob(publish.id, uuid);
    expect(JSON.parse(episode.customData)).toEqual({ publishState: "publish" });
    expect(reply.body.result_page_url).toBe(`${APP_URL}/podcasts/family/episodes/${episode.id}`);
  });

  it("custom_data null or not a valid document in the JWT also falls back to the connection's", async () => {
    const [a = "", b = "", c = ""] = [productionUuid(), productionUuid(), productionUuid()];
    expect((await deliver(draft.webhookSecret, await signed({ uuid: a, custom_data: null }))).status).toBe(200);
    expect((await deliverValid(draft.webhookSecret, b, "not json")).status).toBe(200);
    expect((await deliverValid(draft.webhookSecret, c, '{"publishState":"someday"}')).status).toBe(200);
    for (const uuid of [a, b, c]) {
      expect(JSON.parse((await episodeAndJob(draft.id, uuid)).episode.customData)).toEqual({ publishState: "draft" });
    }
  });

  it("custom_data in the JWT wins: a draft on the publish connection gets the dashboard URL and keeps season 2", async () => {
    const uuid = productionUuid();
    const reply = await deliverValid(publish.webhookSecret, uuid, '{"publishState":"draft","season":2}');
    expect(reply.status).toBe(200);
    const { episode } = await episodeAndJob(publish.id, uuid);
    expect(reply.body).toEqual({
      result_page_url: `${APP_URL}/episodes/${episode.id}`,
      result_file_url: `${APP_URL}/media/episodes/${episode.id}/audio`,
    });
    expect(JSON.parse(episode.customData)).toEqual({ publishState: "draft", season: 2 });
  });

  it("custom_data publish in the JWT on the draft connection answers with the public URL", async () => {
    const uuid = productionUuid();
    const reply = await deliverValid(draft.webhookSecret, uuid, '{"publishState":"publish"}');
    const { episode } = await episodeAndJob(draft.id, uuid);
    expect(reply.body.result_page_url).toBe(`${APP_URL}/podcasts/family/episodes/${episode.id}`);
  });

  it("no Delivery row ever holds a secret or JWT text, across accepted and refused deliveries", async () => {
    const uuid = productionUuid();
    const valid = await signed({ uuid, custom_data: `{"note":"${publish.webhookSecret}"}` });
    await deliver(publish.webhookSecret, valid);
    await deliver(publish.webhookSecret, valid, { "Content-Type": "text/plain" });
    await deliver(publish.webhookSecret, await signed({ uuid }, { secret: publish.webhookSecret }));
    await deliver(publish.webhookSecret, await signed({ uuid: publish.webhookSecret }));
    await deliver(publish.webhookSecret, `${valid}.${valid}`);
    await deliver(UNKNOWN_SECRET, valid);
    await deliver(deleted.webhookSecret, valid);
    await deliver(`${draft.webhookSecret}/x`, valid);

    const rows = await db.delivery.findMany();
    expect(rows).toHaveLength(6); // the two unknown URLs leave none
    expect(rows.filter((row) => row.accepted)).toHaveLength(1);
    const text = JSON.stringify(rows);
    for (const secret of [publish.webhookSecret, draft.webhookSecret, deleted.webhookSecret, UNKNOWN_SECRET, CLIENT_SECRET]) {
      expect(text).not.toContain(secret);
    }
    for (const part of valid.split(".")) expect(text).not.toContain(part);
    // (The afterEach check repeats this field by field for every test.)
  });
});


// ---------------------------------------------------------------------------------------------------------
// Regressions: bugs found in review, fixed, kept as tests.

describe("non-canonical encodings of an authentic JWT's signature are refused", () => {
  // jose decodes the signature with atob(), which skips whitespace, accepts "=" padding and ignores the unused
  // low bits of the last character; verify-webhook-jwt.ts insists on RFC 7515 compact serialization first.
  const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const flipLowBit = (char: string) => ALPHABET[ALPHABET.indexOf(char) ^ 1]!;
  const cases: { name: string; mangle: (h: string, p: string, s: string) => string }[] = [
    { name: "a space inside the signature", mangle: (h, p, s) => `${h}.${p}.${s.slice(0, 10)} ${s.slice(10)}` },
    { name: "a newline inside the signature", mangle: (h, p, s) => `${h}.${p}.${s.slice(0, 10)}\n${s.slice(10)}` },
    { name: "a tab inside the signature", mangle: (h, p, s) => `${h}.${p}.${s.slice(0, 10)}\t${s.slice(10)}` },
    { name: '"=" padding after the signature', mangle: (h, p, s) => `${h}.${p}.${s}=` },
    { name: "the signature's last character with other unused bits", mangle: (h, p, s) => `${h}.${p}.${s.slice(0, -1)}${flipLowBit(s.at(-1)!)}` },
  ];

  it.each(cases)("$name → 4xx", async ({ mangle }) => {
    const uuid = productionUuid();
    const [h = "", p = "", s = ""] = (await signed({ uuid })).split(".");
    await expectRejected(() => deliver(publish.webhookSecret, mangle(h, p, s)), { status: "4xx", connectionId: publish.id });
    expect(await db.episode.count({ where: { productionUuid: uuid } })).toBe(0);
  });
});

describe("a request body that breaks off mid-stream", () => {
  // An upload that Auphonic (or anyone) aborts is a client-side failure: 400 and a refused Delivery, not a 500.
  it("a stream that errors → 4xx with a refused Delivery", async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode("eyJhbGciOiJIUzI1NiJ9."));
      },
      pull(controller) {
        controller.error(new Error("connection reset by peer"));
      },
    });
    await expectRejected(() => deliver(publish.webhookSecret, null, JWT_HEADERS, { body, duplex: "half" } as RequestInit), {
      status: "4xx",
      connectionId: publish.id,
    });
  });
});
