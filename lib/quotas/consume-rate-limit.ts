import "server-only";
import type pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { getPool } from "@/lib/database/sql";
import { env } from "@/lib/env.js";

/** A limit of `points` per `durationSec` for each key, counted in Postgres so every process shares it. */
export type RateLimit = { name: string; points: number; durationSec: number };
export type RateLimitAnswer = { isAllowed: boolean; consumed: number; msBeforeNext: number };

// rate-limiter-flexible's Postgres store on the process's pool, in the table the migration made ("RateLimit").
// Its statements are named (prepared); a pooler that cannot keep them gets them unnamed (DATABASE_PREPARED_STATEMENTS).
const storeClient = {
  query: (config: pg.QueryConfig) => getPool().query(env.isUsingPreparedStatements ? config : { text: config.text, values: config.values }),
};
const limiters = new Map<string, RateLimiterPostgres>();

function limiterFor(limit: RateLimit): RateLimiterPostgres {
  const id = `${limit.name}/${limit.points}/${limit.durationSec}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new RateLimiterPostgres({
      storeClient,
      storeType: "client",
      tableName: "RateLimit",
      tableCreated: true,
      keyPrefix: limit.name,
      points: limit.points,
      duration: limit.durationSec,
      // A key that used its budget is refused from memory for the rest of its window: no write per refused request.
      inMemoryBlockOnConsumed: limit.points,
    });
    limiters.set(id, limiter);
  }
  return limiter;
}

/** Counts one use of `key`; isAllowed false once the key is over its limit for the window. A database error throws. */
export async function consumeRateLimit(limit: RateLimit, key: string): Promise<RateLimitAnswer> {
  try {
    const answer = await limiterFor(limit).consume(key);
    return { isAllowed: true, consumed: answer.consumedPoints, msBeforeNext: answer.msBeforeNext };
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    return { isAllowed: false, consumed: error.consumedPoints, msBeforeNext: error.msBeforeNext };
  }
}

/** How many uses `key` has had in its current window (for the pages), without counting one. */
export async function peekRateLimit(limit: RateLimit, key: string): Promise<RateLimitAnswer> {
  const answer = await limiterFor(limit).get(key);
  const consumed = answer?.consumedPoints ?? 0;
  return { isAllowed: consumed < limit.points, consumed, msBeforeNext: answer?.msBeforeNext ?? 0 };
}
