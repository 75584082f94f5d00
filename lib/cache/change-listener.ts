import "server-only";
import pg from "pg";
import { env } from "@/lib/env.js";

// What a web process keeps in memory about shows (feed documents, what media keys resolve to) stays correct
// through Postgres LISTEN/NOTIFY: triggers announce every change to a show, its addresses, episodes and retired
// media on `podhaven_changes` with the show's id (migration media_lifecycle), and every process drops what it
// keeps for that show. While the listening connection is down, memory is not trusted: callers ask the database.

export const CHANGES_CHANNEL = "podhaven_changes";
/** Everything changed (an address, a reconnection that may have missed announcements). */
export const EVERYTHING = "*";
type Subscriber = (showId: string) => void;
type ListenerState = { client: pg.Client | null; isListening: boolean; starting: Promise<void> | null; subscribers: Set<Subscriber>; retryMs: number };

// Shared through globalThis: server.ts's direct paths and Next's bundled route modules load their own copies of
// this module, and both must see one listener and one set of subscribers.
const KEY = Symbol.for("podhaven.change-listener");
const state: ListenerState = ((globalThis as Record<symbol, unknown>)[KEY] as ListenerState | undefined) ?? {
  client: null,
  isListening: false,
  starting: null,
  subscribers: new Set(),
  retryMs: 250,
};
(globalThis as Record<symbol, unknown>)[KEY] = state;

/** Calls `subscriber` with a show id (or "*") whenever something about that show changed, in any process. */
export function onShowChange(subscriber: Subscriber): () => void {
  state.subscribers.add(subscriber);
  return () => state.subscribers.delete(subscriber);
}

/** True while announcements arrive: only then may memory answer for the database. Starts listening on first ask. */
export function isListening(): boolean {
  if (!state.isListening && !state.starting) void startListening();
  return state.isListening;
}

/** Drops what this process keeps about a show at once (the announcement reaches the other processes). */
export function forgetShow(showId: string): void {
  for (const subscriber of state.subscribers) subscriber(showId);
}

export function startListening(): Promise<void> {
  state.starting ??= connect().finally(() => {
    state.starting = null;
  });
  return state.starting;
}

async function connect(): Promise<void> {
  if (!env.databaseUrl) return;
  // keepAlive, and a query every HEARTBEAT_MS: a connection that died without a word (failover, a NAT
  // timeout) must not leave memory trusted while no announcement can arrive.
  const client = new pg.Client({ connectionString: env.databaseUrl, keepAlive: true, query_timeout: HEARTBEAT_MS });
  client.on("notification", (message) => {
    if (message.channel === CHANGES_CHANNEL) forgetShow(message.payload || EVERYTHING);
  });
  const lost = (error?: Error) => {
    if (state.client !== client) return;
    state.client = null;
    state.isListening = false;
    forgetShow(EVERYTHING);
    if (error) console.error(`Change listener: connection lost (${error.message}); memory is bypassed until it is back.`);
    setTimeout(() => void startListening(), state.retryMs).unref();
  };
  client.on("error", lost);
  client.on("end", () => lost());
  try {
    await client.connect();
    await client.query(`LISTEN ${CHANGES_CHANNEL}`);
  } catch (error) {
    await client.end().catch(() => undefined);
    console.error(`Change listener: could not listen (${(error as Error).message}); retrying.`);
    setTimeout(() => void startListening(), state.retryMs * 4).unref();
    return;
  }
  state.client = client;
  // Anything announced before LISTEN took effect was missed: start from nothing.
  forgetShow(EVERYTHING);
  state.isListening = true;
  const heartbeat = setInterval(() => {
    if (state.client !== client) return clearInterval(heartbeat);
    client.query("SELECT 1").catch((error: Error) => {
      clearInterval(heartbeat);
      lost(error);
      void client.end().catch(() => undefined);
    });
  }, HEARTBEAT_MS).unref();
}
const HEARTBEAT_MS = 15_000;

/**
 * Waits until every announcement committed before this call has reached this process: notifications are sent
 * to a listening connection before the answer to its next query. For tests, and for a writer that must read
 * its own change from memory in another module.
 */
export async function settleChanges(): Promise<void> {
  if (state.client && state.isListening) await state.client.query("SELECT 1");
}
