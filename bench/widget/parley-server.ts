/**
 * The Parley side of the messaging benchmark, in a process of its own so its
 * memory can be read without the simulated visitors in it: the real server
 * (tRPC over WebSocket, event bus, embedded PGlite) with one live chatbot
 * answered by humans only (the path measured is the message's, not the
 * bot's) and one operator session. Prints one JSON line when ready; on an
 * IPC 'gc' message collects garbage and answers with its memory figures.
 */
import { memberships, users, workspaces, chatbots } from '../../db/schema';
import { startParley } from '../../server/app';
import { parseEnv } from '../../server/env';
import { createSession } from '../../server/services/auth/sessions';
import { sessionCookieName } from '../../server/services/auth/cookies';
import { openFreshDatabase, silentLog } from '../lib';

const database = await openFreshDatabase();
const env = parseEnv({ NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
const many = 1_000_000;
const parley = await startParley(env, silentLog, {
  database,
  serveWebApp: false,
  // Every simulated visitor comes from 127.0.0.1: per-address limits would stop them, not measure them.
  widgetLimits: {
    messagesPerVisitorPerMinute: many,
    messagesPerIpPerMinute: many,
    conversationsPerVisitorPerHour: many,
    conversationsPerIpPerHour: many,
    visitorsPerIpPerHour: many,
  },
});

const db = database.db;
const [workspace] = await db.insert(workspaces).values({ name: 'Bench' }).returning();
const [user] = await db
  .insert(users)
  .values({ email: 'operator@bench.test', name: 'Operator', passwordHash: 'x', emailVerifiedAt: new Date() })
  .returning();
await db.insert(memberships).values({ workspaceId: workspace!.id, userId: user!.id, role: 'owner' });
const [chatbot] = await db
  .insert(chatbots)
  .values({
    workspaceId: workspace!.id,
    name: 'Bench bot',
    template: 'support',
    status: 'live',
    settings: { responseMode: 'human' },
    allowedOrigins: ['https://bench.example'],
    publicKey: 'cb_bench',
  })
  .returning();
const { token } = await createSession(db, { userId: user!.id });

process.on('message', (message) => {
  if (message !== 'gc') return;
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  process.send?.({ rss, heapUsed, external, arrayBuffers });
});
process.on('SIGTERM', () => void parley.close().then(() => process.exit(0)));

console.log(
  JSON.stringify({
    port: parley.port,
    publicKey: chatbot!.publicKey,
    workspaceId: workspace!.id,
    cookie: `${sessionCookieName(env)}=${token}`,
  }),
);
