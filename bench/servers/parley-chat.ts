/**
 * The Parley side of the messaging and inbox benchmarks, in a process of its
 * own (so its memory can be read without the simulated clients in it): the
 * real server (tRPC over WebSocket, event bus, embedded PGlite) with one live
 * chatbot answered by humans only (the path measured is the visitor's
 * message reaching the team, not the bot's answer) and OPERATORS members,
 * each with a session. Prints one JSON line when ready; on an IPC 'gc'
 * message collects garbage and answers with its memory figures.
 */
import { chatbots, memberships, users, workspaces } from '../../db/schema';
import { startParley } from '../../server/app';
import { parseEnv } from '../../server/env';
import { sessionCookieName } from '../../server/services/account/cookies';
import { createSession } from '../../server/services/account/sessions';
import { openFreshDatabase, silentLog } from '../lib';

const operators = Number(process.env.OPERATORS ?? 50);
const database = await openFreshDatabase();
const many = 1_000_000;
// Every simulated visitor's socket comes from 127.0.0.1 too (the per-address cap would refuse most of them).
const env = parseEnv({
  NODE_ENV: 'production',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
  WS_MAX_PER_ADDRESS: String(many),
});
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
const cookies: string[] = [];
for (let i = 0; i < operators; i++) {
  const [user] = await db
    .insert(users)
    .values({
      email: `operator-${i}@bench.test`,
      name: `Operator ${i}`,
      passwordHash: 'x',
      emailVerifiedAt: new Date(),
    })
    .returning();
  await db.insert(memberships).values({ workspaceId: workspace!.id, userId: user!.id, role: 'agent' });
  const { token } = await createSession(db, { userId: user!.id });
  cookies.push(`${sessionCookieName(env)}=${token}`);
}
const [chatbot] = await db
  .insert(chatbots)
  .values({
    workspaceId: workspace!.id,
    name: 'Bench bot',
    template: 'support',
    status: 'live',
    settings: { responseMode: 'human' },
    allowedOrigins: ['https://bench.example'],
    publicKey: 'cb_inbox_bench',
  })
  .returning();

process.on('SIGTERM', () => void parley.close().then(() => process.exit(0)));

// BENCH_PROF: a CPU profile of the measured part alone (between 'profile' and 'profile-stop').
const inspector = process.env.BENCH_PROF ? new (await import('node:inspector')).Session() : null;
inspector?.connect();
process.on('message', (message) => {
  if (inspector && message === 'profile') {
    inspector.post('Profiler.enable', () => inspector.post('Profiler.start'));
    return;
  }
  if (inspector && message === 'profile-stop') {
    inspector.post('Profiler.stop', (_error, result) => {
      const file = `/tmp/prof/measured-${process.pid}.cpuprofile`;
      void import('node:fs').then((fs) => {
        fs.mkdirSync('/tmp/prof', { recursive: true });
        fs.writeFileSync(file, JSON.stringify(result.profile));
        process.send?.({ profile: file });
      });
    });
    return;
  }
  if (message === 'cpu') return void process.send?.({ cpu: process.cpuUsage() });
  if (message !== 'gc') return;
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  process.send?.({ rss, heapUsed });
});

console.log(JSON.stringify({ port: parley.port, publicKey: chatbot!.publicKey, workspaceId: workspace!.id, cookies }));
