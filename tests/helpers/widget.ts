import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { chatbots, type TUser } from '../../db/schema';
import { parseEnv, type TEnv } from '../../server/env';
import { createEventBus, type EventBus } from '../../server/events/bus';
import type { AnswerRunner } from '../../server/services/answering/runner';
import type { TWidgetLimits } from '../../server/services/widget/limits';
import { createContextFactory } from '../../server/trpc/context';
import { createCaller } from '../../server/trpc/router';
import { createTestChatbot } from '../factories/chatbots';
import { createTestDatabase } from './db';
import { testLog } from './log';
import { recordingAnswers, recordingJobs } from './workspace-harness';

export const HOST_ORIGIN = 'https://shop.example';

/**
 * One Parley "process" for widget tests: a real event bus on the given
 * database, and callers that reach the router the way the WebSocket adapter
 * does (transport 'ws', the visitor token in connectionParams).
 */
export async function createWidgetHarness(
  options: {
    database?: Database;
    answers?: AnswerRunner;
    widgetLimits?: Partial<TWidgetLimits>;
    env?: Record<string, string>;
  } = {},
) {
  const database = options.database ?? (await createTestDatabase());
  const env: TEnv = parseEnv({ NODE_ENV: 'test', APP_URL: 'https://parley.test', ...options.env });
  const bus: EventBus = await createEventBus(database, testLog);
  const recording = recordingAnswers();
  const answers = options.answers ?? recording.answers;
  const { jobs } = recordingJobs();
  const createContext = createContextFactory({
    env,
    database,
    bus,
    jobs,
    answers,
    log: testLog,
    widgetLimits: options.widgetLimits,
  });

  /** A visitor's connection: its token (or none), its address, an abort signal for subscriptions. */
  const visitorCaller = async (
    options: { visitorToken?: string | null; ip?: string; signal?: AbortSignal; origin?: string } = {},
  ) => {
    const headers = new Headers({ host: 'parley.test', 'user-agent': 'vitest-widget' });
    if (options.origin) headers.set('origin', options.origin);
    const ctx = await createContext({
      transport: 'ws',
      headers,
      ip: options.ip ?? '203.0.113.7',
      connectionParams: options.visitorToken ? { visitorToken: options.visitorToken } : null,
    });
    return createCaller(ctx, { signal: options.signal }).widget;
  };

  /** A team member's caller (no session layer: the context gets the user directly). */
  const memberCaller = async (user: TUser, signal?: AbortSignal) => {
    const ctx = await createContext({ transport: 'caller', headers: new Headers(), ip: '127.0.0.1' });
    const sessionUser = { id: user.id, email: user.email, name: user.name, isAdmin: false, emailVerified: true };
    return createCaller({ ...ctx, user: sessionUser }, { signal });
  };

  /** Starts a visitor on the host page and returns a caller carrying its token. */
  const newVisitor = async (publicKey: string, options: { ip?: string } = {}) => {
    const anonymous = await visitorCaller({ ip: options.ip });
    const started = await anonymous.start({ publicKey, hostOrigin: HOST_ORIGIN, locale: 'de-CH' });
    const widget = await visitorCaller({ visitorToken: started.visitorToken, ip: options.ip });
    return { ...started, widget };
  };

  return {
    database,
    db: database.db,
    env,
    bus,
    answers,
    started: recording.started,
    visitorCaller,
    memberCaller,
    newVisitor,
    close: async () => {
      await bus.close();
      if (!options.database) await database.close();
    },
  };
}

export type TWidgetHarness = Awaited<ReturnType<typeof createWidgetHarness>>;

/** A live chatbot embeddable on HOST_ORIGIN. */
export async function createLiveChatbot(
  db: Database['db'],
  options: { workspaceId?: string; name?: string; settings?: Record<string, unknown> } = {},
) {
  const chatbot = await createTestChatbot(db, options);
  const [live] = await db
    .update(chatbots)
    .set({ status: 'live', allowedOrigins: [HOST_ORIGIN], settings: options.settings ?? {} })
    .where(eq(chatbots.id, chatbot.id))
    .returning();
  return live!;
}

/** Reads a caller subscription (which yields `[id, data]` for tracked events) into an array as it goes. */
export function collect<T>(iterable: AsyncIterable<unknown>) {
  const items: { id: string; data: T }[] = [];
  const done = (async () => {
    try {
      for await (const item of iterable) {
        const [id, data] = item as [string, T];
        items.push({ id, data });
      }
    } catch {
      // Ends with the signal.
    }
  })();
  return { items, done };
}
