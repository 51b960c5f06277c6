import { RateLimiterRes } from 'rate-limiter-flexible';
import type { Database } from '../../../db/client';
import { AppError } from '../../errors';
import { limiterFor } from '../account/rate-limits';

const MINUTE = 60;

type TLimiter = ReturnType<typeof limiterFor>;
// One limiter per database and limit, built on first use; a WeakMap lets test databases go.
const cache = new WeakMap<Database, Map<number, TLimiter>>();
const limiterOf = (database: Database, points: number) => {
  let byPoints = cache.get(database);
  if (!byPoints) cache.set(database, (byPoints = new Map()));
  let limiter = byPoints.get(points);
  if (!limiter) byPoints.set(points, (limiter = limiterFor(database, 'api_key', points, MINUTE)));
  return limiter;
};

/** The IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers), as most API clients read them. */
const headersOf = (points: number, result: RateLimiterRes) => ({
  'RateLimit-Limit': String(points),
  'RateLimit-Remaining': String(Math.max(0, result.remainingPoints)),
  'RateLimit-Reset': String(Math.ceil(result.msBeforeNext / 1000)),
  'RateLimit-Policy': `${points};w=${MINUTE}`,
});

/**
 * Spends one of the key's calls this minute (counted in Postgres, so every
 * process shares the count) and reports the limit through `setHeader`;
 * past it, TOO_MANY_REQUESTS (HTTP 429) with Retry-After.
 */
export async function consumeKeyCall(
  database: Database,
  input: { keyId: string; points: number; setHeader: (name: string, value: string) => void },
) {
  const limiter = limiterOf(database, input.points);
  try {
    const result = await limiter.consume(input.keyId);
    for (const [name, value] of Object.entries(headersOf(input.points, result))) input.setHeader(name, value);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    const headers = headersOf(input.points, error);
    for (const [name, value] of Object.entries(headers)) input.setHeader(name, value);
    input.setHeader('Retry-After', headers['RateLimit-Reset']);
    throw new AppError('TOO_MANY_REQUESTS', {
      key: 'developers:errors.rateLimited',
      values: { limit: input.points, count: Number(headers['RateLimit-Reset']) },
    });
  }
}
