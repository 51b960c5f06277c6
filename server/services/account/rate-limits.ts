import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Database } from '../../../db/client';
import { AppError } from '../../errors';
import { hashToken } from './tokens';

const HOUR = 60 * 60;

/**
 * rate-limiter-flexible speaks node-postgres (`client.query({ text, values })`
 * → `{ rows, rowCount }`); `executeSql` gives that shape on PGlite and on
 * postgres.js alike. `expire` is a bigint, which postgres.js returns as a
 * string: made a number here so the library's arithmetic stays numeric.
 */
const storeClientFor = (database: Database) => ({
  query: async (query: { text: string; values?: unknown[] }) => {
    const result = await database.executeSql(query.text, query.values ?? []);
    const rows = result.rows.map((row) =>
      row.expire === undefined || row.expire === null ? row : { ...row, expire: Number(row.expire) },
    );
    // PGlite reports 0 affected rows for a SELECT; the library reads rowCount to mean "rows found".
    return { rows, rowCount: Math.max(result.rowCount, rows.length) };
  },
});

/** A limiter counted in Postgres (the `rate_limits` table), so every process shares the count. */
export const limiterFor = (database: Database, keyPrefix: string, points: number, duration: number) =>
  new RateLimiterPostgres({
    storeClient: storeClientFor(database),
    storeType: 'pool',
    tableName: 'rate_limits',
    // Created by our migrations; the library must not issue DDL at run time.
    tableCreated: true,
    keyPrefix,
    points,
    duration,
  });

/**
 * The log-in policy: brute force is refused, and no stranger can lock an owner out.
 *
 * Failed log-ins (a wrong password, or an unknown address) are counted three ways, an hour each:
 * - `login_ip`: 100 per client address. Past it, every log-in from that address is refused,
 *   even with the right password — it stops one machine guessing across many accounts.
 * - `login_account_ip`: 10 per account and address. Past it, that account is refused from that
 *   address, right password or not — it stops one machine guessing one account. A success
 *   clears it.
 * - `login_account`: 100 per account, from anywhere. It stops guessing spread over many
 *   addresses, and anyone can fill it — so when it is what refuses, the owner still has two ways
 *   in that a stranger cannot use:
 *   1. a browser that logged into the account before: every successful log-in sets a signed
 *      device cookie (a year) that exempts that browser from `login_account`, counted instead by
 *      `login_device` (10 failures per account and device an hour; a success clears it);
 *   2. a one-time sign-in link e-mailed to the account's address (`sign_in_account`: 3 an hour
 *      per account, `sign_in_ip`: 20 an hour per address; the link works once, for 15 minutes,
 *      and opens a page whose button POSTs). Only the mailbox owner can use it.
 *   A success does not clear `login_account`: the owner getting in must not give a guesser
 *   another hundred tries.
 * Links (verification, reset, e-mail change, sign-in) are submitted at most 30 times an hour per
 * address (`token_ip`); their tokens are 256 random bits, so this only bounds the work.
 */
const build = (database: Database) => ({
  loginAccount: limiterFor(database, 'login_account', 100, HOUR),
  loginAccountIp: limiterFor(database, 'login_account_ip', 10, HOUR),
  loginDevice: limiterFor(database, 'login_device', 10, HOUR),
  loginIp: limiterFor(database, 'login_ip', 100, HOUR),
  signInAccount: limiterFor(database, 'sign_in_account', 3, HOUR),
  signInIp: limiterFor(database, 'sign_in_ip', 20, HOUR),
  signUpIp: limiterFor(database, 'signup_ip', 10, HOUR),
  resetAccount: limiterFor(database, 'reset_account', 5, HOUR),
  resetIp: limiterFor(database, 'reset_ip', 20, HOUR),
  resendAccount: limiterFor(database, 'resend_account', 5, HOUR),
  resendIp: limiterFor(database, 'resend_ip', 20, HOUR),
  tokenIp: limiterFor(database, 'token_ip', 30, HOUR),
  // Every OAuth callback costs calls to the provider; a person signs in a few times an hour at most.
  oauthIp: limiterFor(database, 'oauth_ip', 60, HOUR),
});

export type TAuthLimiters = ReturnType<typeof build>;
type Limiter = TAuthLimiters[keyof TAuthLimiters];

// One set per database (so per ServerDeps), built on first use; a WeakMap lets test databases go.
const cache = new WeakMap<Database, TAuthLimiters>();
export const authLimiters = (database: Database) => {
  let limiters = cache.get(database);
  if (!limiters) {
    limiters = build(database);
    cache.set(database, limiters);
  }
  return limiters;
};

/** Keys hold e-mails and IPs; hashed so the table stores neither and every key fits varchar(255). */
const keyOf = (key: string) => hashToken(key.toLowerCase()).slice(0, 40);

const minutesLeft = (msBeforeNext: number) => Math.max(1, Math.ceil(msBeforeNext / 60_000));

/** A refusal saying how long to wait: `key` is a plural sentence given the minutes as `count`. */
const tooMany = (msBeforeNext: number, key = 'auth:errors.tooManyAttempts') =>
  new AppError('TOO_MANY_REQUESTS', { key, values: { count: minutesLeft(msBeforeNext) } });

/**
 * Refuses when the key has used up its points, without spending one (log-in checks before the password).
 * `messageKey`: a sentence of its own for the refusal (plural, with the minutes left as `count`).
 */
export async function assertUnderLimit(limiter: Limiter, key: string, messageKey?: string) {
  const result = await limiter.get(keyOf(key));
  if (!result || result.consumedPoints < limiter.points) return;
  throw tooMany(result.msBeforeNext, messageKey);
}

/** Spends one point; refuses once the key is over its limit. */
export async function consumeLimit(limiter: Limiter, key: string) {
  try {
    await limiter.consume(keyOf(key));
  } catch (error) {
    if (error instanceof RateLimiterRes) throw tooMany(error.msBeforeNext);
    throw error;
  }
}

/** Spends one point without refusing (a failure being recorded, e.g. a wrong password). */
export async function penalise(limiter: Limiter, key: string) {
  await limiter.penalty(keyOf(key), 1);
}

export async function resetLimit(limiter: Limiter, key: string) {
  await limiter.delete(keyOf(key));
}
