import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { queueCounts } from '../../jobs/stats';
import { wsConnections, wsSubscriptions } from '../../metrics';
import { oauthFeatures } from '../account/oauth';
import type { TAdminContext } from './context';
import { storageOverview } from './storage';

const DAYS = 30;

/** From package.json: beside the sources in development, in the working directory for the built server. */
const version = (() => {
  for (const file of [new URL('../../../package.json', import.meta.url), `${process.cwd()}/package.json`]) {
    try {
      const parsed = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (parsed.name === 'parley' && parsed.version) return parsed.version;
    } catch {
      // Not there: try the next place.
    }
  }
  return 'unknown';
})();

type TDayRow = {
  day: string;
  users: number;
  workspaces: number;
  chatbots: number;
  conversations: number;
  messages: number;
};

/**
 * New users, workspaces, chatbots, conversations and messages per day (UTC) for the last 30 days, every day
 * present. The days are UTC midnights as timestamptz (explicit casts: the driver sends the day count untyped,
 * and generate_series has no date variant).
 */
async function perDay(ctx: TAdminContext): Promise<TDayRow[]> {
  const counted = (table: string) =>
    sql.raw(
      `(select count(*)::int from ${table} t where t.created_at >= d.day and t.created_at < d.day + interval '1 day')`,
    );
  return ctx.database.rows<TDayRow>(sql`
    select to_char(d.day at time zone 'utc', 'YYYY-MM-DD') as day,
      ${counted('users')} as users, ${counted('workspaces')} as workspaces, ${counted('chatbots')} as chatbots,
      ${counted('conversations')} as conversations, ${counted('messages')} as messages
    from generate_series(
      ((now() at time zone 'utc')::date - ${DAYS - 1}::int)::timestamp at time zone 'utc',
      (now() at time zone 'utc')::date::timestamp at time zone 'utc',
      interval '1 day'
    ) as d(day)
    order by d.day`);
}

/** The installation at a glance for the System page: totals, activity, queues, database and configuration (no secrets). */
export async function systemOverview(ctx: TAdminContext) {
  const [[totals], days, queues, [size], tables, storage] = await Promise.all([
    ctx.database.rows<
      Record<'users' | 'workspaces' | 'chatbots' | 'conversations' | 'messages' | 'suspendedUsers', number>
    >(sql`
      select (select count(*)::int from users) as users, (select count(*)::int from workspaces) as workspaces,
        (select count(*)::int from chatbots) as chatbots, (select count(*)::int from conversations) as conversations,
        (select count(*)::int from messages) as messages,
        (select count(*)::int from users where suspended_at is not null) as "suspendedUsers"`),
    perDay(ctx),
    queueCounts(ctx.database),
    ctx.database.rows<{ bytes: number }>(sql`select pg_database_size(current_database())::float8 as bytes`),
    ctx.database.rows<{ name: string; bytes: number; rows: number }>(sql`
      select case when schemaname = 'public' then relname else schemaname || '.' || relname end as name,
        pg_total_relation_size(relid)::float8 as bytes, n_live_tup::float8 as rows
      from pg_stat_user_tables order by pg_total_relation_size(relid) desc limit 8`),
    storageOverview(ctx),
  ]);
  const [connections, subscriptions] = await Promise.all([wsConnections.get(), wsSubscriptions.get()]);
  const memory = process.memoryUsage();
  const env = ctx.env;
  return {
    totals: totals!,
    perDay: days.map((row) => ({ ...row, ...numbers(row) })),
    queues,
    live: {
      webSockets: connections.values[0]?.value ?? 0,
      subscriptions: subscriptions.values[0]?.value ?? 0,
    },
    database: {
      kind: ctx.database.kind,
      bytes: Number(size?.bytes ?? 0),
      largestTables: tables.map((row) => ({ name: row.name, bytes: Number(row.bytes), rows: Number(row.rows) })),
    },
    storage,
    process: {
      version,
      uptimeSeconds: Math.round(process.uptime()),
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      node: process.version,
    },
    // Codes and values, not sentences: the page words them in the reader's language.
    configuration: {
      appUrl: env.APP_URL ?? null,
      database: env.DATABASE_URL ? ('postgres' as const) : ('embedded' as const),
      dataDir: env.DATA_DIR,
      mail: env.SMTP_URL ? ('smtp' as const) : ('outbox' as const),
      /** Null when Gemini is off (offline answers). */
      geminiModel: env.GEMINI_API_KEY ? env.GEMINI_MODEL : null,
      oauth: oauthFeatures(env),
      adminEmails: env.ADMIN_EMAILS.length,
      metrics: env.METRICS_TOKEN ? ('token' as const) : env.METRICS_PORT ? ('port' as const) : ('off' as const),
      metricsPort: env.METRICS_PORT ?? null,
    },
  };
}

const numbers = (row: TDayRow) => ({
  users: Number(row.users),
  workspaces: Number(row.workspaces),
  chatbots: Number(row.chatbots),
  conversations: Number(row.conversations),
  messages: Number(row.messages),
});
