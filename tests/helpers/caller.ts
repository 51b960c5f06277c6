import { TRPCError } from '@trpc/server';
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import type { Database } from '../../db/client';
import { mails } from '../../db/schema';
import { parseEnv, type TEnv } from '../../server/env';
import { sessionCookieName } from '../../server/services/account/cookies';
import { createContextFactory, type ContextInput } from '../../server/trpc/context';
import { createCaller } from '../../server/trpc/router';
import { createTestDatabase } from './db';
import { openedMail } from './mail';
import { testLog } from './log';
import { recordingAnswers, recordingJobs } from './workspace-harness';

let ipCounter = 0;
const randomIp = () => {
  ipCounter += 1;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
};

export type TCallOptions = {
  /** The session token to send as the cookie (as a browser would after log-in). */
  token?: string | null;
  /** Other cookies this browser holds, as `name=value` pairs (see `cookieJar`). */
  cookies?: string[];
  headers?: Record<string, string>;
  ip?: string;
  transport?: ContextInput['transport'];
  method?: string;
};

/**
 * The real router over a fresh PGlite, called the way the HTTP adapter and
 * Remix call it: a context from `createContextFactory` built from headers,
 * with every Set-Cookie captured. Mail is read back from the `mails` table;
 * the job queue only records (it has its own tests).
 */
export async function makeTestServer(options: { env?: Record<string, string>; database?: Database } = {}) {
  const database = options.database ?? (await createTestDatabase());
  const env: TEnv = parseEnv({ NODE_ENV: 'test', APP_URL: 'http://parley.test', ...options.env });
  const { jobs, sent } = recordingJobs();
  const { answers } = recordingAnswers();
  const createContext = createContextFactory({ env, database, bus: null as never, jobs, answers, log: testLog });

  const callerFor = async (call: TCallOptions = {}) => {
    const cookies: string[] = [];
    const headers = new Headers({ host: 'parley.test', 'user-agent': 'vitest', ...call.headers });
    const jar = [...(call.cookies ?? []), ...(call.token ? [`${sessionCookieName(env)}=${call.token}`] : [])];
    if (jar.length > 0) headers.set('cookie', jar.join('; '));
    const ctx = await createContext({
      transport: call.transport ?? 'http',
      headers,
      // A fresh address per call unless given, so per-IP limits of one test never trip another.
      ip: call.ip ?? randomIp(),
      method: call.method,
      setCookie: (header) => cookies.push(header),
    });
    return { caller: createCaller(ctx), cookies, ctx };
  };

  /** The newest mail to an address, its bodies unsealed. */
  const lastMail = async (to: string) => {
    const [mail] = await database.db
      .select()
      .from(mails)
      .where(eq(mails.to, to.toLowerCase()))
      .orderBy(desc(mails.createdAt), desc(mails.id))
      .limit(1);
    return mail ? openedMail(env, mail) : null;
  };

  const mailsTo = async (to: string) =>
    (await database.db.select().from(mails).where(eq(mails.to, to.toLowerCase()))).map((mail) => openedMail(env, mail));

  return { database, db: database.db, env, jobs, sent, callerFor, lastMail, mailsTo, close: () => database.close() };
}

export type TTestServer = Awaited<ReturnType<typeof makeTestServer>>;

/** A test server for the whole file: made before its first test, closed after its last. */
export function fileTestServer(options: Parameters<typeof makeTestServer>[0] = {}): TTestServer {
  let current: TTestServer | null = null;
  beforeAll(async () => {
    current = await makeTestServer(options);
  });
  afterAll(() => current?.close());
  return new Proxy({} as TTestServer, {
    get: (_target, key) => {
      if (!current) throw new Error('The test server is made in beforeAll; use it inside tests.');
      return current[key as keyof TTestServer];
    },
  });
}

/** The session token in the last Set-Cookie that carries one (null when it was cleared). */
export const tokenFromCookies = (cookies: string[]) => {
  for (const header of [...cookies].reverse()) {
    const match = /^(?:__Host-)?parley_session=([^;]*)/.exec(header);
    if (match) return match[1] || null;
  }
  return null;
};

/** The `name=value` pairs a browser would keep from Set-Cookie headers (cleared ones dropped), later ones winning. */
export const cookieJar = (setCookies: string[], previous: string[] = []) => {
  const jar = new Map(previous.map((pair) => [pair.slice(0, pair.indexOf('=')), pair]));
  for (const header of setCookies) {
    const pair = header.split(';')[0]!;
    const name = pair.slice(0, pair.indexOf('='));
    if (/Max-Age=0(;|$)/.test(header) || pair.endsWith('=')) jar.delete(name);
    else jar.set(name, pair);
  }
  return [...jar.values()];
};

/** The token in a link of a mail's text body, e.g. `/verify-email?token=…`. */
export const tokenFromMail = (mail: { text: string | null } | null, path: string) => {
  const match = new RegExp(`${path}\\?token=([a-z2-7]+)`).exec(mail?.text ?? '');
  if (!match) throw new Error(`No ${path} link in the mail`);
  return match[1]!;
};

/** The TRPCError a call fails with (and a test failure when it succeeds). */
export const failureOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error('Expected the call to fail');
};
