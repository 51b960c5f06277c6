import type { TFunction } from 'i18next';
import type { TFormat } from '~/lib/format';
import type { TAnalyticsDashboard } from '../../../server/services/analytics/dashboard';
import type { TTable } from './chart-card';

// The numbers behind each chart, as rows: the data-table toggle shows them and the chart's CSV download
// writes the same (resources.analytics.export.ts), both in the page's language.

export type TChartId =
  'volume' | 'outcomes' | 'response' | 'csat' | 'handoffs' | 'gaps' | 'topics' | 'hours' | 'sentiment' | 'languages';

/** How a table is put into words: the page's translator and formats; files keep days as ISO dates. */
export type TTableWords = { t: TFunction; format: TFormat; isoDays?: boolean };

export const OUTCOME_SERIES = [
  ['outcomeAi', 'analytics:outcomes.ai'],
  ['outcomeHanded', 'analytics:outcomes.handed'],
  ['outcomeHuman', 'analytics:outcomes.human'],
  ['outcomeUnanswered', 'analytics:outcomes.unanswered'],
] as const;

export const HANDOFF_ROWS = [
  ['handoffVisitorAsked', 'analytics:handoffReasons.visitorAsked'],
  ['handoffBotOffered', 'analytics:handoffReasons.botOffered'],
  ['handoffLowConfidence', 'analytics:handoffReasons.lowConfidence'],
  ['handoffNoAnswer', 'analytics:handoffReasons.noAnswer'],
  ['handoffPolicy', 'analytics:handoffReasons.policy'],
  ['handoffWebhookFailure', 'analytics:handoffReasons.webhookFailure'],
] as const;

export const SENTIMENT_ROWS = [
  ['sentimentPositive', 'analytics:sentiments.positive'],
  ['sentimentNeutral', 'analytics:sentiments.neutral'],
  ['sentimentNegative', 'analytics:sentiments.negative'],
] as const;

export const RESPONSE_SERIES = [
  ['bot', 'median', 'analytics:series.botMedian'],
  ['bot', 'p90', 'analytics:series.botP90'],
  ['human', 'median', 'analytics:series.peopleMedian'],
  ['human', 'p90', 'analytics:series.peopleP90'],
] as const;

/** An hour of the day (UTC), the same in every language: "09:00". */
export const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

export function chartTable(data: TAnalyticsDashboard, id: TChartId, { t, format, isoDays }: TTableWords): TTable {
  const total = data.headline.current;
  const day = (iso: string) => (isoDays ? iso : format.date(`${iso}T00:00:00Z`, { timeZone: 'UTC' }));
  const pct = (part: number, whole: number) => (whole ? format.percent(part / whole) : '—');
  const seconds = (ms: number | null) =>
    ms === null
      ? '—'
      : t('analytics:table.seconds', {
          value: format.number(ms / 1000, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
        });
  // 1 January 2024 was a Monday: ISO weekday n is n January.
  const weekday = (isoWeekday: number) =>
    format.dateTime(Date.UTC(2024, 0, isoWeekday), { weekday: 'short', timeZone: 'UTC' });
  const period = t('analytics:table.period');
  const conversations = t('analytics:series.conversations');
  switch (id) {
    case 'volume':
      return {
        columns: [period, conversations, t('analytics:series.messages')],
        rows: data.series.map((s) => [day(s.period), s.conversations, s.messages]),
      };
    case 'outcomes':
      return {
        columns: [period, ...OUTCOME_SERIES.map(([, label]) => t(label)), t('analytics:table.aiShare')],
        rows: data.series.map((s) => {
          const decided = s.outcomeAi + s.outcomeHanded + s.outcomeHuman + s.outcomeUnanswered;
          return [day(s.period), ...OUTCOME_SERIES.map(([key]) => s[key]), pct(s.outcomeAi, decided)];
        }),
      };
    case 'response':
      return {
        columns: [period, ...RESPONSE_SERIES.map(([, , label]) => t(label))],
        rows: data.responseTimes.series.map((s) => [
          day(s.period),
          ...RESPONSE_SERIES.map(([kind, figure]) => seconds(s[kind][figure])),
        ]),
      };
    case 'csat':
      return {
        columns: [t('analytics:table.rating'), conversations],
        rows: [
          ...[1, 2, 3, 4, 5].map((n) => [
            t('analytics:table.ratingOf', { rating: n }),
            total[`rating${n}` as 'rating1'],
          ]),
          [t('analytics:table.thumbsUp'), total.thumbsUp],
          [t('analytics:table.thumbsDown'), total.thumbsDown],
        ],
      };
    case 'handoffs':
      return {
        columns: [t('analytics:table.reason'), conversations],
        rows: HANDOFF_ROWS.map(([key, label]) => [t(label), total[key]]),
      };
    case 'gaps':
      return {
        columns: [period, t('analytics:series.opened'), t('analytics:series.closed')],
        rows: data.gaps.map((g) => [day(g.period), g.opened, g.closed]),
      };
    case 'topics':
      // Topics are the visitors' own words (or Gemini's), not translated.
      return {
        columns: [t('analytics:table.topic'), conversations],
        rows: data.topics.map((row) => [row.label, row.count]),
      };
    case 'languages':
      return {
        columns: [t('analytics:table.language'), conversations],
        rows: data.languages.map((row) => [format.languageName(row.label), row.count]),
      };
    case 'sentiment':
      return {
        columns: [t('analytics:table.sentiment'), conversations],
        rows: SENTIMENT_ROWS.map(([key, label]) => [t(label), total[key]]),
      };
    case 'hours':
      return {
        columns: [t('analytics:table.day'), t('analytics:table.hourUtc'), conversations],
        rows: [...data.busiestHours]
          .sort((a, b) => b.conversations - a.conversations || a.weekday - b.weekday || a.hour - b.hour)
          .map((row) => [weekday(row.weekday), hourLabel(row.hour), row.conversations]),
      };
  }
}
