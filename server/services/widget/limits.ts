import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { TMessage } from '../../../shared/i18n/server';
import type { Database } from '../../../db/client';
import { AppError } from '../../errors';
import { limiterFor } from '../account/rate-limits';
import { hashToken } from '../account/tokens';

/** How much one visitor, and one network address, may do. Overridable (benchmarks simulate many visitors on one address). */
export type TWidgetLimits = {
  messagesPerVisitorPerMinute: number;
  messagesPerIpPerMinute: number;
  conversationsPerVisitorPerHour: number;
  conversationsPerIpPerHour: number;
  /** New anonymous visitors (widget starts without a token) from one address. */
  visitorsPerIpPerHour: number;
};

export const DEFAULT_WIDGET_LIMITS: TWidgetLimits = {
  messagesPerVisitorPerMinute: 30,
  // Offices and mobile carriers put many people behind one address.
  messagesPerIpPerMinute: 300,
  conversationsPerVisitorPerHour: 20,
  conversationsPerIpPerHour: 200,
  visitorsPerIpPerHour: 300,
};

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/**
 * Messages are limited in memory: a limit in the database would add a write
 * to every message, the hot path. The cost is that each process counts on
 * its own, so with N processes a determined sender gets up to N times the
 * rate — acceptable for damping floods; the monthly message limit, which is
 * billing, is counted in the database. New conversations and new visitors
 * are rare and create rows, so their limits are shared through Postgres
 * like the log-in limits.
 */
function build(database: Database, limits: TWidgetLimits) {
  const durable = (keyPrefix: string, points: number, duration: number) =>
    limiterFor(database, keyPrefix, points, duration);
  return {
    messageVisitor: new RateLimiterMemory({ points: limits.messagesPerVisitorPerMinute, duration: MINUTE }),
    messageIp: new RateLimiterMemory({ points: limits.messagesPerIpPerMinute, duration: MINUTE }),
    conversationVisitor: durable('widget_conversation_visitor', limits.conversationsPerVisitorPerHour, HOUR),
    conversationIp: durable('widget_conversation_ip', limits.conversationsPerIpPerHour, HOUR),
    visitorIp: durable('widget_visitor_ip', limits.visitorsPerIpPerHour, HOUR),
  };
}

export type TWidgetLimiters = ReturnType<typeof build>;

// One set per database handle (so per process, and per test database).
const cache = new WeakMap<Database, TWidgetLimiters>();
export function widgetLimiters(database: Database, overrides: Partial<TWidgetLimits> = {}) {
  let limiters = cache.get(database);
  if (!limiters) cache.set(database, (limiters = build(database, { ...DEFAULT_WIDGET_LIMITS, ...overrides })));
  return limiters;
}

/** The refusal for a limit, saying how long to wait in seconds or (past 90 s) minutes. */
const waitFor =
  (limit: 'message' | 'conversation' | 'visitor') =>
  (ms: number): TMessage => {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    if (seconds < 90) return { key: `bot:limits.${limit}Seconds`, values: { count: seconds } };
    return { key: `bot:limits.${limit}Minutes`, values: { count: Math.ceil(seconds / 60) } };
  };

export const LIMIT_MESSAGES = {
  message: waitFor('message'),
  conversation: waitFor('conversation'),
  visitor: waitFor('visitor'),
};

/**
 * Spends a point of every limiter given (each with its key), refusing with
 * the sentence for the first one that is used up. IPs are hashed: the
 * shared table never stores an address.
 */
export async function consumeWidgetLimits(
  checks: { limiter: RateLimiterAbstract; key: string | null }[],
  sentence: (msBeforeNext: number) => TMessage,
) {
  for (const { limiter, key } of checks) {
    if (!key) continue;
    try {
      await limiter.consume(hashToken(key).slice(0, 40));
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new AppError('TOO_MANY_REQUESTS', sentence(error.msBeforeNext));
      throw error;
    }
  }
}

/** Gives back the point consumeWidgetLimits spent (a resend of a stored message costs nothing). */
export async function refundWidgetLimits(checks: { limiter: RateLimiterAbstract; key: string | null }[]) {
  for (const { limiter, key } of checks) if (key) await limiter.reward(hashToken(key).slice(0, 40), 1);
}
