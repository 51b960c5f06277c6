import { sql } from 'drizzle-orm';
import type { Database, Db } from '../../../db/client';

// The TypeScript twin of the rollup triggers (migrations 0021 and 0025): the same figures counted from the
// conversations table. Tests hold the two equal after every write and deletion path; an operator can
// compare them on a live database (`recountDiffers`).

const is = (column: string, value: string | number) =>
  `count(*) filter (where ${column} = ${typeof value === 'number' ? value : `'${value}'`})::int`;
const roundedSum = (column: string) => `round(coalesce(sum(${column}), 0)::numeric, 3)::float8`;

/** Each analytics_daily figure and how a recount computes it. */
const DAILY: [string, string][] = [
  ['conversations', 'count(*)::int'],
  ...['visitor_messages', 'bot_messages', 'operator_messages', 'thumbs_up', 'thumbs_down'].map(
    (c): [string, string] => [c, `sum(${c})::int`],
  ),
  ...['ai', 'handed', 'human', 'unanswered'].map((o): [string, string] => [`outcome_${o}`, is('outcome', o)]),
  ...['visitor_asked', 'low_confidence', 'no_answer', 'policy', 'webhook_failure', 'bot_offered'].map(
    (r): [string, string] => [`handoff_${r}`, is('handoff_reason', r)],
  ),
  ['rated', 'count(rating)::int'],
  ['rating_sum', 'coalesce(sum(rating), 0)::int'],
  ...[1, 2, 3, 4, 5].map((n): [string, string] => [`rating_${n}`, is('rating', n)]),
  ...['positive', 'neutral', 'negative'].map((v): [string, string] => [`sentiment_${v}`, is('sentiment', v)]),
  ['bot_responses', 'count(bot_first_response_ms)::int'],
  ['bot_response_ms_sum', roundedSum('bot_first_response_ms')],
  ['human_responses', 'count(human_first_response_ms)::int'],
  ['human_response_ms_sum', roundedSum('human_first_response_ms')],
];
const DAILY_FIGURES = DAILY.map(([name, expr]) => `${expr} as ${name}`).join(', ');
const DAILY_KEPT = DAILY.map(([name]) =>
  name.endsWith('_ms_sum') ? `round(${name}::numeric, 3)::float8 as ${name}` : name,
).join(', ');

const KEY = `workspace_id, chatbot_id, channel::text as channel, coalesce(origin, '') as origin`;
const ORDER = 'order by 1, 2, 3, 4, 5';

/** Bucket b holds [2^(b/4), 2^((b+1)/4)) ms; the SQL twin is analytics_response_bucket. */
export const responseBucket = (ms: number) => Math.floor(Math.log2(Math.max(ms, 1)) * 4);
/** The middle of a bucket, in ms (geometric). */
export const bucketMiddleMs = (bucket: number) => 2 ** ((bucket + 0.5) / 4);

/** Every rollup table's non-zero rows as the triggers keep them, and as a recount finds them. */
export async function rollupsAndRecount(database: Database, on?: Db) {
  const q = (text: string) => database.rows(sql.raw(text), on);
  return {
    daily: {
      kept: await q(`select workspace_id, chatbot_id, channel, origin, day::text as day, ${DAILY_KEPT}
        from analytics_daily where conversations <> 0 ${ORDER}`),
      counted: await q(`select ${KEY}, (created_at at time zone 'UTC')::date::text as day, ${DAILY_FIGURES}
        from conversations where not is_test group by 1, 2, 3, 4, 5 ${ORDER}`),
    },
    hourly: {
      kept: await q(`select workspace_id, chatbot_id, channel, origin, hour::text as hour, conversations
        from analytics_hourly where conversations <> 0 ${ORDER}`),
      counted: await q(`select ${KEY}, date_trunc('hour', created_at at time zone 'UTC')::text as hour,
        count(*)::int as conversations from conversations where not is_test group by 1, 2, 3, 4, 5 ${ORDER}`),
    },
    labels: {
      kept: await q(`select workspace_id, chatbot_id, channel, origin, day::text as day, kind, label, count
        from analytics_labels where count <> 0 ${ORDER}, 6, 7`),
      counted: await q(`select ${KEY}, day, kind, label, count(*)::int as count from (
          select *, (created_at at time zone 'UTC')::date::text as day, 'topic' as kind, topic as label from conversations where topic is not null
          union all
          select *, (created_at at time zone 'UTC')::date::text, 'language', language from conversations where language is not null
        ) c where not is_test group by 1, 2, 3, 4, 5, 6, 7 ${ORDER}, 6, 7`),
    },
    responseTimes: {
      kept: await q(`select workspace_id, chatbot_id, channel, origin, day::text as day, kind, bucket, count
        from analytics_response_times where count <> 0 ${ORDER}, 6, 7`),
      counted: await q(`select ${KEY}, day, kind, bucket, count(*)::int as count from (
          select *, (created_at at time zone 'UTC')::date::text as day, 'bot' as kind,
            analytics_response_bucket(bot_first_response_ms) as bucket from conversations where bot_first_response_ms is not null
          union all
          select *, (created_at at time zone 'UTC')::date::text, 'human',
            analytics_response_bucket(human_first_response_ms) from conversations where human_first_response_ms is not null
        ) c where not is_test group by 1, 2, 3, 4, 5, 6, 7 ${ORDER}, 6, 7`),
    },
  };
}
