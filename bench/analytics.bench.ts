import v8 from 'node:v8';
import vm from 'node:vm';
import { sql } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import { analyticsDashboard, analyticsOptions } from '../server/services/analytics/dashboard';
import { exportPage } from '../server/services/analytics/export';
import { ZAnalyticsFilters } from '../server/services/analytics/filters';
import type { TMemberCtx } from '../server/services/workspaces/workspaces';
import { createTestChatbot } from '../tests/factories/chatbots';
import { createTestTeam } from '../tests/factories/workspaces';
import { once, openFreshDatabase, percentile, round, startTimer } from './lib';
import type { Benchmark } from './types';

const CONVERSATIONS = 100_000;
const MESSAGES_EACH = 10;
const LOADS = 20;

/**
 * A year of one workspace on the embedded database: 100,000 conversations
 * (two chatbots, three websites, every outcome, ratings, labels) and
 * 1,000,000 messages, written with generate_series. The conversations go
 * through the rollup triggers as the app writes them; the messages are
 * written with the message triggers off and the counters they would have
 * kept set on the conversations (the same figures, written in seconds, not
 * minutes), and without the full-text index, which the analytics never read.
 */
const seeded = once(async () => {
  const database = await openFreshDatabase();
  const team = await createTestTeam(database.db, { name: 'Bench' });
  const bots = [
    await createTestChatbot(database.db, { workspaceId: team.workspace.id, name: 'Shoes' }),
    await createTestChatbot(database.db, { workspaceId: team.workspace.id, name: 'Hats' }),
  ];
  const elapsed = startTimer();
  const botArray = sql.raw(`array['${bots[0]!.id}','${bots[1]!.id}']::uuid[]`);
  await database.rows(sql`
    insert into visitors (id, workspace_id, chatbot_id, origin)
    select md5('v' || i)::uuid, ${team.workspace.id}::uuid, (${botArray})[1 + i % 2], 'https://site' || (i % 3) || '.example'
    from generate_series(1, ${CONVERSATIONS}) i`);
  await database.rows(sql`
    insert into conversations (id, workspace_id, chatbot_id, visitor_id, channel, status, origin, created_at,
      last_message_at, visitor_messages, bot_messages, operator_messages, thumbs_up, thumbs_down, rating,
      handoff_requested_at, outcome, handoff_reason, outcome_at, bot_first_response_ms, human_first_response_ms,
      topic, sentiment, language)
    select md5('c' || i)::uuid, ${team.workspace.id}::uuid, (${botArray})[1 + i % 2], md5('v' || i)::uuid,
      'widget', 'resolved', 'https://site' || (i % 3) || '.example', t, t + interval '5 minutes',
      ${MESSAGES_EACH / 2}, ${MESSAGES_EACH / 2} - (i % 7 = 0)::int, (i % 7 = 0)::int, (i % 5 = 0)::int, (i % 11 = 0)::int,
      case when i % 4 = 0 then 1 + i % 5 end,
      case when i % 7 = 0 then t + interval '1 minute' end,
      (array['ai','ai','ai','handed','human','unanswered'])[1 + i % 6]::conversation_outcome,
      case when i % 7 = 0 then (array['visitor_asked','low_confidence','no_answer','policy','webhook_failure','bot_offered'])[1 + i % 6]::handoff_reason end,
      t + interval '40 minutes', 800 + (i % 4000), case when i % 7 = 0 then 30000 + i % 600000 end,
      'Topic ' || (i % 40), (array['positive','neutral','negative'])[1 + i % 3]::conversation_sentiment,
      (array['en','de','fr'])[1 + i % 3]
    from (select i, now() - (i * (365.0 * 86400 / ${CONVERSATIONS})) * interval '1 second' as t
          from generate_series(1, ${CONVERSATIONS}) i) s`);
  await database.rows(sql`drop index messages_search_idx`);
  await database.rows(sql`alter table messages disable trigger user`);
  await database.rows(sql`
    insert into messages (workspace_id, conversation_id, role, content, created_at, outcome)
    select c.workspace_id, c.id, case when n % 2 = 1 then 'visitor' else 'bot' end::message_role,
      case when n % 2 = 1 then 'Do you ship to Canada, and how long does it take?' else 'Yes: 5 to 8 working days.' end,
      c.created_at + n * interval '20 seconds', case when n % 2 = 0 then 'answered' end::answer_outcome
    from conversations c cross join generate_series(1, ${MESSAGES_EACH}) n`);
  await database.rows(sql`alter table messages enable trigger user`);
  await database.rows(sql`vacuum analyze`);
  const ctx = { db: database.db, workspace: { id: team.workspace.id, role: 'owner' } } as unknown as TMemberCtx;
  return { database, ctx, setupMs: elapsed() };
});

const yearFilters = () => {
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 364 * 86_400_000).toISOString().slice(0, 10);
  return ZAnalyticsFilters.parse({ from, to });
};

const loads = once(async () => {
  const { ctx, setupMs } = await seeded();
  const filters = yearFilters();
  const samples: number[] = [];
  for (let i = 0; i < LOADS + 2; i++) {
    const elapsed = startTimer();
    await Promise.all([analyticsDashboard(ctx, filters), analyticsOptions(ctx)]);
    if (i >= 2) samples.push(elapsed());
  }
  return { samples, setupMs };
});

/** V8's collector, to read the live heap (what the export keeps) rather than garbage not yet collected. */
const collectGarbage = once(async () => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
});

/**
 * Streams one export of the year through the same pages the route writes,
 * keeping only a byte count. Memory is the live heap after a collection,
 * sampled every 20 pages: flat means it does not grow with the rows written.
 */
async function exportYear(kind: 'conversations' | 'messages') {
  const { ctx } = await seeded();
  const gc = await collectGarbage();
  const filters = yearFilters();
  gc();
  const before = process.memoryUsage();
  let peakLive = before.heapUsed;
  let peakRss = before.rss;
  let bytes = 0;
  let rows = 0;
  let pages = 0;
  const elapsed = startTimer();
  let after: { createdAt: string; id: string } | null = null;
  do {
    const page: Awaited<ReturnType<typeof exportPage>> = await exportPage(ctx, { ...filters, kind, after });
    bytes += Buffer.byteLength(stringify(page.rows));
    rows += page.rows.length;
    after = page.next;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (++pages % 20 === 0 || !after) {
      gc();
      peakLive = Math.max(peakLive, process.memoryUsage().heapUsed);
    }
  } while (after);
  const mb = (n: number) => n / 1024 / 1024;
  return {
    ms: elapsed(),
    rows,
    bytes,
    heapGrowthMb: mb(peakLive - before.heapUsed),
    rssGrowthMb: mb(peakRss - before.rss),
  };
}

const conversationsExport = once(() => exportYear('conversations'));
const messagesExport = once(() => exportYear('messages'));

export const benchmarks: Benchmark[] = [
  {
    id: 'analytics.load_p95_ms',
    description: 'The Analytics page’s full query set (dashboard + filter options) for a year of 100k conversations',
    run: async () => {
      const { samples, setupMs } = await loads();
      return {
        value: Math.round(percentile(samples, 95)),
        unit: 'ms',
        baseline: Math.round(percentile(samples, 50)),
        target: 200,
        notes: `p95 of ${LOADS} loads (baseline = p50), embedded PGlite, one workspace, 100k conversations / 1M messages over 365 days, 2 chatbots × 3 websites; seeding took ${round(setupMs / 1000)} s.`,
      };
    },
  },
  {
    id: 'analytics.export_conversations_year_s',
    description: 'Streaming the year’s conversations CSV (100k rows) page by page',
    run: async () => {
      const result = await conversationsExport();
      return {
        value: round(result.ms / 1000, 2),
        unit: 's',
        baseline: null,
        target: 30,
        notes: `${result.rows} rows, ${round(result.bytes / 1024 / 1024)} MB of CSV; live heap grew at most ${round(result.heapGrowthMb)} MB while streaming.`,
      };
    },
  },
  {
    id: 'analytics.export_messages_year_s',
    description: 'Streaming the year’s messages CSV (1M rows) page by page',
    run: async () => {
      const result = await messagesExport();
      return {
        value: round(result.ms / 1000, 2),
        unit: 's',
        baseline: null,
        target: 30,
        notes: `${result.rows} rows, ${round(result.bytes / 1024 / 1024)} MB of CSV; live heap grew at most ${round(result.heapGrowthMb)} MB, RSS ${round(result.rssGrowthMb)} MB (one page of 500 conversations at a time).`,
      };
    },
  },
  {
    id: 'analytics.export_heap_growth_mb',
    description: 'Most the live heap (after a collection) grew while streaming the year’s messages export',
    run: async () => {
      const result = await messagesExport();
      return {
        value: round(result.heapGrowthMb),
        unit: 'MB',
        baseline: null,
        target: 100,
        notes: `${round(result.bytes / 1024 / 1024)} MB of CSV written through pages of 500 conversations; live heap sampled after a collection every 20 pages; RSS grew ${round(result.rssGrowthMb)} MB.`,
      };
    },
  },
];
