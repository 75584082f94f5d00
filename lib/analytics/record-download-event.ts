import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage } from "node:http";
import ipaddr from "ipaddr.js";
import proxyaddr from "proxy-addr";
import { sql } from "@/lib/database/sql";
import { env } from "@/lib/env.js";
import type { DownloadTarget } from "@/lib/media/media-index";

// Every request for an episode's audio is recorded here, cheaply: the request path only updates a map in memory,
// where requests of one client (address + user agent) for one episode within the same second become one row (their
// count, their bytes summed, the lowest and highest byte: all the roll-up needs). Once a second
// (FLUSH_INTERVAL_MS) the rows go to the database in one INSERT, the client addresses hashed with the day's salt
// on the way (raw addresses are never written anywhere). A crash loses at most the last second's events; while the
// database is unreachable, up to MAX_PENDING rows wait in memory (raw addresses too, in memory only), then the
// oldest are dropped (and counted in the log). docs/analytics.md has the rules.
export const FLUSH_INTERVAL_MS = 1_000;
const MAX_PENDING = 100_000;
const MAX_BATCH = 5_000;
const FORWARDED_FOR_TAIL = 256;
const DAY_MS = 24 * 60 * 60 * 1000;

type PendingEvent = {
  at: number;
  target: DownloadTarget;
  /** The socket's address and X-Forwarded-For as they came: the client's address is worked out at the flush. */
  socketAddress: string;
  forwardedFor: string | undefined;
  userAgent: string;
  requests: number;
  rangeStart: number;
  rangeEnd: number;
  bytes: number;
  redirected: boolean;
};

type RecorderState = {
  /** This second's rows, by client and episode; moved to `pending` at each flush. */
  current: Map<string, PendingEvent>;
  pending: PendingEvent[];
  timer: NodeJS.Timeout | null;
  flushing: Promise<void> | null;
  dropped: number;
};
const KEY = Symbol.for("podhaven.download-events");
const state: RecorderState = ((globalThis as Record<symbol, unknown>)[KEY] as RecorderState | undefined) ?? createState();

function createState(): RecorderState {
  const created: RecorderState = { current: new Map(), pending: [], timer: null, flushing: null, dropped: 0 };
  (globalThis as Record<symbol, unknown>)[KEY] = created;
  return created;
}

/** Records a GET of an episode's audio: the byte range answered (or asked of the CDN, for a 302). */
export function recordDownloadEvent(request: IncomingMessage, target: DownloadTarget, range: { start: number; end: number }, redirected: boolean) {
  const socketAddress = request.socket.remoteAddress ?? "";
  const forwarded = env.trustedProxyHops > 0 ? request.headers["x-forwarded-for"] : undefined;
  // Only the last entries matter (proxies append; the trusted ones are at the end): the rest is not kept.
  const forwardedFor = (Array.isArray(forwarded) ? forwarded.join(", ") : forwarded)?.slice(-FORWARDED_FOR_TAIL);
  const userAgent = (request.headers["user-agent"] ?? "").slice(0, 500);
  const now = Date.now();
  // One row per client and file (minBytes tells the files apart) within the second and the UTC day.
  const key = `${target.episodeId}\n${target.minBytes}\n${Math.floor(now / DAY_MS)}\n${socketAddress}\n${forwardedFor}\n${userAgent}`;
  const bytes = range.end - range.start + 1;
  const known = state.current.get(key);
  if (known) {
    known.requests++;
    known.bytes += bytes;
    if (range.start < known.rangeStart) known.rangeStart = range.start;
    if (range.end > known.rangeEnd) known.rangeEnd = range.end;
    known.redirected ||= redirected;
  } else {
    if (state.current.size >= MAX_PENDING) {
      state.dropped++;
      return;
    }
    state.current.set(key, { at: now, target, socketAddress, forwardedFor, userAgent, requests: 1, rangeStart: range.start, rangeEnd: range.end, bytes, redirected });
  }
  if (!state.timer) {
    state.timer = setInterval(() => {
      takeCurrent();
      void flushDownloadEvents();
    }, FLUSH_INTERVAL_MS);
    state.timer.unref();
  }
}

/** Ends this second's merging: its rows join the pending ones (even while a write is running), within the cap. */
function takeCurrent() {
  if (state.current.size === 0) return;
  for (const event of state.current.values()) state.pending.push(event);
  state.current.clear();
  if (state.pending.length > MAX_PENDING) state.dropped += state.pending.splice(0, state.pending.length - MAX_PENDING).length;
}

/**
 * The listener's address: the socket's, or behind TRUST_PROXY proxies the address in X-Forwarded-For that the
 * outermost trusted proxy saw (proxy-addr, as Express does). IPv4 in IPv6 form is written as IPv4.
 */
export function clientAddress(request: IncomingMessage, trustedHops = env.trustedProxyHops): string {
  return normalizeAddress(trustedHops > 0 ? proxyaddr(request, (_address, hop) => hop < trustedHops) : (request.socket.remoteAddress ?? ""));
}

function normalizeAddress(address: string): string {
  // Some load balancers write the client's port too: "203.0.113.7:51234", "[2001:db8::1]:51234".
  const withoutPort = /^\[([^\]]+)\](?::\d+)?$/.exec(address)?.[1] ?? /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(address)?.[1] ?? address;
  // ipaddr.process writes IPv4-mapped IPv6 as IPv4, as lib/http/public-fetch.ts reads addresses too.
  return ipaddr.isValid(withoutPort) ? ipaddr.process(withoutPort).toString() : address;
}

/** Writes what is pending (waits for a flush already running first); on failure the events stay for the next one. */
export async function flushDownloadEvents(): Promise<void> {
  while (state.flushing) await state.flushing;
  takeCurrent();
  if (state.pending.length === 0) return;
  state.flushing = writePending().finally(() => {
    state.flushing = null;
  });
  await state.flushing;
}

async function writePending() {
  if (state.dropped > 0) {
    console.warn(`Download analytics: ${state.dropped} events dropped while the database was unreachable.`);
    state.dropped = 0;
  }
  while (state.pending.length > 0) {
    const batch = state.pending.slice(0, MAX_BATCH);
    try {
      await insertEvents(batch);
    } catch (error) {
      console.error(`Download analytics: could not write ${state.pending.length} events; they are kept for the next try:`, error);
      return;
    }
    state.pending.splice(0, batch.length);
  }
}

async function insertEvents(events: PendingEvent[]) {
  // Events from before yesterday (held through a long outage) would need a salt that is gone: they are dropped,
  // never hashed with a new one.
  const oldest = Math.floor(Date.now() / DAY_MS) - 1;
  const batch = events.filter((event) => Math.floor(event.at / DAY_MS) >= oldest);
  state.dropped += events.length - batch.length;
  const salts = new Map<number, string>();
  for (const event of batch) {
    const day = Math.floor(event.at / DAY_MS);
    if (!salts.has(day)) salts.set(day, await saltOf(day));
  }
  const columns = {
    at: [] as string[],
    episodeId: [] as string[],
    showId: [] as string[],
    clientHash: [] as string[],
    userAgent: [] as string[],
    requests: [] as number[],
    rangeStart: [] as number[],
    rangeEnd: [] as number[],
    bytes: [] as number[],
    minBytes: [] as number[],
    redirected: [] as boolean[],
  };
  for (const event of batch) {
    columns.at.push(new Date(event.at).toISOString());
    columns.episodeId.push(event.target.episodeId);
    columns.showId.push(event.target.showId);
    const request = { socket: { remoteAddress: event.socketAddress }, headers: event.forwardedFor === undefined ? {} : { "x-forwarded-for": event.forwardedFor } };
    columns.clientHash.push(hashClient(salts.get(Math.floor(event.at / DAY_MS))!, clientAddress(request as unknown as IncomingMessage)));
    columns.userAgent.push(event.userAgent);
    columns.requests.push(event.requests);
    columns.rangeStart.push(event.rangeStart);
    columns.rangeEnd.push(event.rangeEnd);
    columns.bytes.push(event.bytes);
    columns.minBytes.push(event.target.minBytes);
    columns.redirected.push(event.redirected);
  }
  await sql.query(
    `INSERT INTO "DownloadEvent" (at, "recordedAt", "episodeId", "showId", "clientHash", "userAgent", requests, "rangeStart", "rangeEnd", bytes, "minBytes", redirected)
     SELECT at AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC', e, s, c, u, n, rs, re, b, m, r
     FROM unnest($1::timestamptz[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int4[], $7::int8[], $8::int8[], $9::int8[], $10::int8[], $11::bool[])
       AS batch(at, e, s, c, u, n, rs, re, b, m, r)`,
    Object.values(columns),
  );
}

/** sha256 of the day's salt and the address, shortened: enough to tell listeners apart, useless without the salt. */
export function hashClient(salt: string, address: string): string {
  return createHash("sha256").update(salt).update("\0").update(address).digest("base64url").slice(0, 22);
}

const knownSalts = new Map<number, string>();

/** The salt of a UTC day (days since 1970): made at random by the first process that needs it, shared by all. */
async function saltOf(day: number): Promise<string> {
  const known = knownSalts.get(day);
  if (known) return known;
  const date = new Date(day * DAY_MS).toISOString().slice(0, 10);
  await sql.query(`INSERT INTO "AnalyticsSalt" (day, salt) VALUES ($1::date, $2) ON CONFLICT (day) DO NOTHING`, [date, randomBytes(32).toString("base64url")]);
  const [row] = await sql.query<{ salt: string }>(`SELECT salt FROM "AnalyticsSalt" WHERE day = $1::date`, [date]);
  if (!row) throw new Error(`The salt of ${date} is gone.`);
  for (const held of knownSalts.keys()) if (held < day - 1) knownSalts.delete(held);
  knownSalts.set(day, row.salt);
  return row.salt;
}

/** Forgets the salts this process holds (the roll-up deletes old ones; tests start new days). */
export function forgetSalts() {
  knownSalts.clear();
}
