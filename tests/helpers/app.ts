import { TRPCError } from '@trpc/server';
import type { TAppLanguage } from '../../shared/languages';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../db/client';
import { mails, type TUser } from '../../db/schema';
import { parseEnv, type TEnv } from '../../server/env';
import { createEventBus, type BusEvent, type EventBus, type EventType } from '../../server/events/bus';
import type { JobName, JobQueue, ParleyJobs } from '../../server/jobs/queue';
import { sessionCookieName } from '../../server/services/account/cookies';
import type { AnswerRunner } from '../../server/services/answering/runner';
import type { TWidgetLimits } from '../../server/services/widget/limits';
import { createContextFactory, type ContextInput, type ServerDeps } from '../../server/trpc/context';
import { createCaller } from '../../server/trpc/router';
import { createTestDatabase } from './db';
import { testLog } from './log';
import { openedMail } from './mail';

export type TSentJob = { [K in JobName]: { name: K; data: ParleyJobs[K] } }[JobName];

/** A JobQueue that only records what was sent: the real queue has its own tests. */
export const recordingJobs = () => {
  const sent: TSentJob[] = [];
  const jobs: JobQueue = {
    work: async () => {},
    send: async (name, data) => {
      sent.push({ name, data } as TSentJob);
      return `job-${sent.length}`;
    },
    schedule: async () => {},
    depth: async () => 0,
    retry: async () => {},
    drop: async () => {},
    stop: async () => {},
  };
  return { jobs, sent };
};

/** An AnswerRunner that only records what it was asked to answer: answering has its own tests. */
export const recordingAnswers = () => {
  const started: { messageId: string; conversationId: string }[] = [];
  const answers: AnswerRunner = {
    start: ({ messageId, conversationId }) => void started.push({ messageId, conversationId }),
    cancel: () => {},
    recordGap: async () => {},
    idle: async () => {},
    recover: async () => 0,
    close: async () => {},
  };
  return { answers, started };
};

export type TTestAppOptions = {
  env?: Record<string, string>;
  /** Share a database with another app (two "processes" on one database); the caller closes it. */
  database?: Database;
  /**
   * The real answer runner, or one under test; by default answers are only
   * recorded. A function gets the app's database and bus, for a runner that
   * publishes on them; the test closes the runner it made.
   */
  answers?: AnswerRunner | ((app: { database: Database; bus: EventBus }) => AnswerRunner);
  widgetLimits?: Partial<TWidgetLimits>;
  /** A real job queue started on the app's database (stopped on close); by default jobs are only recorded. */
  jobs?: (database: Database) => Promise<JobQueue>;
  /** The SSRF guard's settings for webhook deliveries: a test exempts its loopback receiver here. */
  webhookGuard?: ServerDeps['webhookGuard'];
};

export type TRequestOptions = {
  /** The session token to send as the cookie (as a browser would after log-in). */
  token?: string | null;
  /** Other cookies this browser holds, as `name=value` pairs (see `cookieJar`). */
  cookies?: string[];
  headers?: Record<string, string>;
  ip?: string;
  transport?: ContextInput['transport'];
  method?: string;
  signal?: AbortSignal;
};

export type TVisitorOptions = { ip?: string; signal?: AbortSignal; origin?: string };

export const HOST_ORIGIN = 'https://shop.example';

let ipCounter = 0;
/** A fresh address per request unless given, so per-address limits of one test never trip another. */
const nextIp = () => {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
};

/**
 * The one harness for router and service tests: the real router and a real
 * event bus over a fresh, migrated database, called the way each transport
 * calls it. Jobs and answers are recorded (they have their own tests) unless
 * a runner is given; mail is read back from the `mails` table.
 *
 * - `as(user)`: a team member's caller, the user set directly (no session layer).
 * - `request({ token, cookies, … })`: a browser's request through the session
 *   layer, with every Set-Cookie captured.
 * - `anonymous()`: a request with no session.
 * - `asKey(apiKey)`: a developer's program with a workspace API key.
 * - `asVisitor(token)` / `newVisitor(publicKey)`: the widget over WebSocket.
 */
export async function createTestApp(options: TTestAppOptions = {}) {
  const database = options.database ?? (await createTestDatabase());
  const env: TEnv = parseEnv({ NODE_ENV: 'test', APP_URL: 'https://parley.test', ...options.env });
  const bus: EventBus = await createEventBus(database, testLog);
  const recorded = recordingJobs();
  const jobs = options.jobs ? await options.jobs(database) : recorded.jobs;
  const recording = recordingAnswers();
  const answers =
    typeof options.answers === 'function' ? options.answers({ database, bus }) : (options.answers ?? recording.answers);
  const createContext = createContextFactory({
    env,
    database,
    bus,
    jobs,
    answers,
    log: testLog,
    widgetLimits: options.widgetLimits,
    webhookGuard: options.webhookGuard,
  });
  const stopped = new AbortController();

  const request = async (call: TRequestOptions = {}) => {
    const cookies: string[] = [];
    const headers = new Headers({ host: 'parley.test', 'user-agent': 'vitest', ...call.headers });
    const jar = [...(call.cookies ?? []), ...(call.token ? [`${sessionCookieName(env)}=${call.token}`] : [])];
    if (jar.length > 0) headers.set('cookie', jar.join('; '));
    const ctx = await createContext({
      transport: call.transport ?? 'http',
      headers,
      ip: call.ip ?? nextIp(),
      method: call.method,
      setCookie: (header) => cookies.push(header),
    });
    return { caller: createCaller(ctx, { signal: call.signal }), cookies, ctx };
  };

  const anonymous = async (call: TRequestOptions = {}) => (await request(call)).caller;

  const as = async (
    user: Pick<TUser, 'id' | 'email' | 'name' | 'emailVerifiedAt'> & { isPlatformAdmin?: boolean },
    /** `locale`: the language the request is answered in (the account's preference in the real context). */
    call: { signal?: AbortSignal; locale?: TAppLanguage } = {},
  ) => {
    const ctx = await createContext({ transport: 'caller', headers: new Headers(), ip: '127.0.0.1' });
    if (call.locale) ctx.locale = call.locale;
    const sessionUser = {
      id: user.id,
      email: user.email,
      name: user.name,
      isAdmin: user.isPlatformAdmin === true || env.ADMIN_EMAILS.includes(user.email),
      emailVerified: user.emailVerifiedAt !== null,
    };
    return createCaller({ ...ctx, user: sessionUser }, { signal: call.signal });
  };

  /** A developer's program calling with a workspace API key (`Authorization: Bearer pk_live_…`). */
  const asKey = async (apiKey: string, call: { ip?: string; signal?: AbortSignal } = {}) =>
    (
      await request({
        headers: { authorization: `Bearer ${apiKey}` },
        ip: call.ip ?? '198.51.100.9',
        signal: call.signal,
      })
    ).caller;

  /** A visitor's WebSocket connection: its token (or none for `start`), its address. */
  const asVisitor = async (visitorToken: string | null, call: TVisitorOptions = {}) => {
    const headers = new Headers({ host: 'parley.test', 'user-agent': 'vitest-widget' });
    if (call.origin) headers.set('origin', call.origin);
    const ctx = await createContext({
      transport: 'ws',
      headers,
      ip: call.ip ?? '203.0.113.7',
      connectionParams: visitorToken ? { visitorToken } : null,
    });
    return createCaller(ctx, { signal: call.signal }).widget;
  };

  /** Starts a visitor on the host page and returns a caller carrying its token. */
  const newVisitor = async (publicKey: string, call: { ip?: string } = {}) => {
    const started = await (await asVisitor(null, call)).start({ publicKey, hostOrigin: HOST_ORIGIN, locale: 'de-CH' });
    return { ...started, widget: await asVisitor(started.visitorToken, call) };
  };

  /** Every event of the given types published from now on, in order, until `stop` or the app closes. */
  const events = <K extends EventType>(types: K[]) => {
    const controller = new AbortController();
    const seen: BusEvent<K>[] = [];
    bus.listen(types, (event) => seen.push(event), { signal: AbortSignal.any([controller.signal, stopped.signal]) });
    return { seen, stop: () => controller.abort() };
  };

  const mail = {
    /** The newest mail to an address, its bodies unsealed. */
    last: async (to: string) => {
      const [row] = await database.db
        .select()
        .from(mails)
        .where(eq(mails.to, to.toLowerCase()))
        .orderBy(desc(mails.createdAt), desc(mails.id))
        .limit(1);
      return row ? openedMail(env, row) : null;
    },
    /** Every mail to an address, bodies unsealed. */
    to: async (to: string) =>
      (await database.db.select().from(mails).where(eq(mails.to, to.toLowerCase()))).map((row) => openedMail(env, row)),
  };

  const close = async () => {
    stopped.abort();
    if (options.jobs) await jobs.stop();
    await bus.close();
    if (!options.database) await database.close();
  };

  return {
    database,
    db: database.db,
    env,
    bus,
    jobs,
    sent: recorded.sent,
    answers,
    started: recording.started,
    createContext,
    request,
    anonymous,
    as,
    asKey,
    asVisitor,
    newVisitor,
    events,
    mail,
    close,
  };
}

export type TTestApp = Awaited<ReturnType<typeof createTestApp>>;

/** A test app for the whole file: made before its first test, closed after its last. */
export function fileTestApp(options: TTestAppOptions | (() => TTestAppOptions) = {}): TTestApp {
  let current: TTestApp | null = null;
  beforeAll(async () => {
    current = await createTestApp(typeof options === 'function' ? options() : options);
  });
  afterAll(() => current?.close());
  return new Proxy({} as TTestApp, {
    get: (_target, key) => {
      if (!current) throw new Error('The test app is made in beforeAll; use it inside tests.');
      return current[key as keyof TTestApp];
    },
  });
}

/**
 * The TRPCError a call fails with (and a test failure when it succeeds), for
 * a test that reads more of it than `toFailWith` compares.
 */
export const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('Expected the call to fail');
};
