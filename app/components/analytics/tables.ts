import type { TAnalyticsDashboard } from '../../../server/services/analytics/dashboard';
import type { TTable } from './chart-card';

// The numbers behind each chart, as rows: the data-table toggle shows them and the CSV export writes
// the same (server/services/analytics/export.ts builds its chart files from these too).

export type TChartId =
  'volume' | 'outcomes' | 'response' | 'csat' | 'handoffs' | 'gaps' | 'topics' | 'hours' | 'sentiment' | 'languages';

const pct = (part: number, whole: number) => (whole ? `${Math.round((part / whole) * 100)}%` : '—');
const seconds = (ms: number | null) => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

export const HANDOFF_ROWS = [
  ['handoffVisitorAsked', 'Visitor asked'],
  ['handoffBotOffered', 'Offered by the bot'],
  ['handoffLowConfidence', 'Low confidence'],
  ['handoffNoAnswer', 'No answer found'],
  ['handoffPolicy', 'Policy or limit'],
  ['handoffWebhookFailure', 'Webhook failure'],
] as const;

export function chartTable(data: TAnalyticsDashboard, id: TChartId): TTable {
  const t = data.headline.current;
  switch (id) {
    case 'volume':
      return {
        columns: ['Period', 'Conversations', 'Messages'],
        rows: data.series.map((s) => [s.period, s.conversations, s.messages]),
      };
    case 'outcomes':
      return {
        columns: ['Period', 'Answered by AI', 'Handed to a person', 'Answered by a person', 'Unanswered', 'AI share'],
        rows: data.series.map((s) => {
          const decided = s.outcomeAi + s.outcomeHanded + s.outcomeHuman + s.outcomeUnanswered;
          return [
            s.period,
            s.outcomeAi,
            s.outcomeHanded,
            s.outcomeHuman,
            s.outcomeUnanswered,
            pct(s.outcomeAi, decided),
          ];
        }),
      };
    case 'response':
      return {
        columns: ['Period', 'Bot median', 'Bot p90', 'People median', 'People p90'],
        rows: data.responseTimes.series.map((s) => [
          s.period,
          seconds(s.bot.median),
          seconds(s.bot.p90),
          seconds(s.human.median),
          seconds(s.human.p90),
        ]),
      };
    case 'csat':
      return {
        columns: ['Rating', 'Conversations'],
        rows: [
          ...[1, 2, 3, 4, 5].map((n) => [`${n} of 5`, t[`rating${n}` as 'rating1']]),
          ['Thumbs up', t.thumbsUp],
          ['Thumbs down', t.thumbsDown],
        ],
      };
    case 'handoffs':
      return { columns: ['Reason', 'Conversations'], rows: HANDOFF_ROWS.map(([key, label]) => [label, t[key]]) };
    case 'gaps':
      return { columns: ['Period', 'Opened', 'Closed'], rows: data.gaps.map((g) => [g.period, g.opened, g.closed]) };
    case 'topics':
      return { columns: ['Topic', 'Conversations'], rows: data.topics.map((row) => [row.label, row.count]) };
    case 'languages':
      return { columns: ['Language', 'Conversations'], rows: data.languages.map((row) => [row.label, row.count]) };
    case 'sentiment':
      return {
        columns: ['Sentiment', 'Conversations'],
        rows: [
          ['Positive', t.sentimentPositive],
          ['Neutral', t.sentimentNeutral],
          ['Negative', t.sentimentNegative],
        ],
      };
    case 'hours':
      return {
        columns: ['Day', 'Hour (UTC)', 'Conversations'],
        rows: [...data.busiestHours]
          .sort((a, b) => b.conversations - a.conversations || a.weekday - b.weekday || a.hour - b.hour)
          .map((row) => [WEEKDAYS[row.weekday - 1]!, `${String(row.hour).padStart(2, '0')}:00`, row.conversations]),
      };
  }
}
