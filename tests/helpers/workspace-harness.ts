import type { Database } from '../../db/client';
import type { TUser } from '../../db/schema';
import { parseEnv, type TEnv } from '../../server/env';
import type { JobName, JobQueue, ParleyJobs } from '../../server/jobs/queue';
import type { AnswerRunner } from '../../server/services/answering/runner';
import { createContextFactory } from '../../server/trpc/context';
import { createCaller } from '../../server/trpc/router';
import { createTestDatabase } from './db';
import { testLog } from './log';

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

/**
 * Callers on a fresh database acting as a given user, built without the
 * session layer: the context gets the user directly.
 */
export async function createWorkspaceHarness(options: { env?: Record<string, string> } = {}) {
  const database: Database = await createTestDatabase();
  const env: TEnv = parseEnv({ APP_URL: 'https://parley.test', ...options.env });
  const { jobs, sent } = recordingJobs();
  const { answers } = recordingAnswers();
  const createContext = createContextFactory({ env, database, bus: null as never, jobs, answers, log: testLog });

  const as = async (user: TUser | null) => {
    const ctx = await createContext({ transport: 'caller', headers: new Headers(), ip: '127.0.0.1' });
    if (!user) return createCaller(ctx);
    // A variable, not a literal, so it fits the session user type before and after it grows.
    const sessionUser = {
      id: user.id,
      email: user.email,
      name: user.name,
      isAdmin: false,
      emailVerified: user.emailVerifiedAt !== null,
    };
    return createCaller({ ...ctx, user: sessionUser });
  };

  return { database, db: database.db, env, jobs, sent, answers, as, close: () => database.close() };
}

export type TWorkspaceHarness = Awaited<ReturnType<typeof createWorkspaceHarness>>;
