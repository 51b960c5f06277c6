import {
  ArcElement,
  BarElement,
  CategoryScale,
  Chart as ChartJS,
  Filler,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
  type ChartOptions,
} from 'chart.js';
import { Bar, Doughnut, Line } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import { useFormat } from '~/lib/format';
import type { TAnalyticsDashboard } from '../../../server/services/analytics/dashboard';
import { ChartCard } from './chart-card';
import { baseOptions, PALETTE } from './chart-options';
import {
  chartTable,
  HANDOFF_ROWS,
  hourLabel,
  OUTCOME_SERIES,
  RESPONSE_SERIES,
  SENTIMENT_ROWS,
  type TChartId,
} from './tables';

// This module is the only one importing chart.js; the Analytics page loads it with React.lazy, so no
// other page's bundle carries it (tests/e2e/bundle.test.ts checks).
ChartJS.register(
  ArcElement,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
);

/** Each chart's title, the line under it where it has one, and the sentence in place of an empty chart. */
const CARDS = {
  volume: { title: 'analytics:charts.volume.title', empty: 'analytics:charts.volume.empty' },
  outcomes: { title: 'analytics:charts.outcomes.title', empty: 'analytics:charts.outcomes.empty' },
  response: { title: 'analytics:charts.response.title', empty: 'analytics:charts.response.empty' },
  csat: { title: 'analytics:charts.csat.title', empty: 'analytics:charts.csat.empty' },
  handoffs: { title: 'analytics:charts.handoffs.title', empty: 'analytics:charts.handoffs.empty' },
  gaps: { title: 'analytics:charts.gaps.title', empty: 'analytics:charts.gaps.empty' },
  topics: { title: 'analytics:charts.topics.title', empty: 'analytics:charts.topics.empty' },
  hours: { title: 'analytics:charts.hours.title', empty: 'analytics:charts.hours.empty' },
  sentiment: { title: 'analytics:charts.sentiment.title', empty: 'analytics:charts.sentiment.empty' },
  languages: { title: 'analytics:charts.languages.title', empty: 'analytics:charts.languages.empty' },
} as const satisfies Record<TChartId, { title: string; empty: string }>;

export default function AnalyticsCharts({
  data,
  isDark,
  csvHref,
}: {
  data: TAnalyticsDashboard;
  isDark: boolean;
  csvHref: (chart: TChartId) => string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const options = baseOptions(isDark, format.lng);
  const total = data.headline.current;
  // Periods are UTC days ("2026-03-31", a week's Monday): day and month in the page's language.
  const day = (iso: string) => format.dateTime(`${iso}T00:00:00Z`, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const periods = data.series.map((s) => day(s.period));
  const card = (id: TChartId, isEmpty: boolean, description?: string) => ({
    title: t(CARDS[id].title),
    description,
    table: chartTable(data, id, { t, format }),
    csvHref: csvHref(id),
    isEmpty,
    emptyText: t(CARDS[id].empty),
  });
  const decided = total.outcomeAi + total.outcomeHanded + total.outcomeHuman + total.outcomeUnanswered;
  const handoffs = HANDOFF_ROWS.map(([key]) => total[key]);
  const sentiments = SENTIMENT_ROWS.map(([key]) => total[key]);
  const ratings = [total.rating1, total.rating2, total.rating3, total.rating4, total.rating5];
  const hours = Array.from({ length: 24 }, (_, hour) =>
    data.busiestHours.filter((row) => row.hour === hour).reduce((sum, row) => sum + row.conversations, 0),
  );
  const line = (label: string, values: (number | null)[], index: number) => ({
    label,
    data: values,
    borderColor: PALETTE[index],
    backgroundColor: PALETTE[index],
    tension: 0.25,
    pointRadius: periods.length > 40 ? 0 : 2,
  });
  const doughnutOptions = { ...options, scales: {} } as ChartOptions<'doughnut'>;
  const conversations = t('analytics:series.conversations');
  const average = (value: number) => format.number(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 });

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartCard {...card('volume', !total.conversations)}>
        <Line
          options={options as ChartOptions<'line'>}
          data={{
            labels: periods,
            datasets: [
              line(
                conversations,
                data.series.map((s) => s.conversations),
                0,
              ),
              line(
                t('analytics:series.messages'),
                data.series.map((s) => s.messages),
                1,
              ),
            ],
          }}
        />
      </ChartCard>
      <ChartCard {...card('outcomes', !decided, t('analytics:charts.outcomes.description'))}>
        <Bar
          options={{
            ...(options as ChartOptions<'bar'>),
            scales: {
              ...options.scales,
              x: { ...options.scales!.x, stacked: true },
              y: { ...options.scales!.y, stacked: true },
            },
          }}
          data={{
            labels: periods,
            datasets: OUTCOME_SERIES.map(([key, label], index) => ({
              label: t(label),
              data: data.series.map((s) => s[key]),
              backgroundColor: PALETTE[index],
            })),
          }}
        />
      </ChartCard>
      <ChartCard {...card('response', !data.responseTimes.series.length, t('analytics:charts.response.description'))}>
        <Line
          options={options as ChartOptions<'line'>}
          data={{
            labels: data.responseTimes.series.map((s) => day(s.period)),
            datasets: RESPONSE_SERIES.map(([kind, figure, label], index) =>
              line(
                t(label),
                data.responseTimes.series.map((s) => s[kind][figure] && s[kind][figure] / 1000),
                index,
              ),
            ),
          }}
        />
      </ChartCard>
      <ChartCard
        {...card(
          'csat',
          !total.rated && !total.thumbsUp && !total.thumbsDown,
          total.rated
            ? t('analytics:charts.csat.description', {
                average: average(total.ratingSum / total.rated),
                up: format.number(total.thumbsUp),
                down: format.number(total.thumbsDown),
              })
            : undefined,
        )}
      >
        <Bar
          options={options as ChartOptions<'bar'>}
          data={{
            labels: ['1', '2', '3', '4', '5'],
            datasets: [{ label: t('analytics:series.ratings'), data: ratings, backgroundColor: PALETTE[2] }],
          }}
        />
      </ChartCard>
      <ChartCard {...card('handoffs', !handoffs.some(Boolean))}>
        <Bar
          options={{ ...(options as ChartOptions<'bar'>), indexAxis: 'y' }}
          data={{
            labels: HANDOFF_ROWS.map(([, label]) => t(label)),
            datasets: [{ label: conversations, data: handoffs, backgroundColor: PALETTE[3] }],
          }}
        />
      </ChartCard>
      <ChartCard {...card('gaps', !data.gaps.length)}>
        <Bar
          options={options as ChartOptions<'bar'>}
          data={{
            labels: data.gaps.map((g) => day(g.period)),
            datasets: [
              {
                label: t('analytics:series.opened'),
                data: data.gaps.map((g) => g.opened),
                backgroundColor: PALETTE[4],
              },
              {
                label: t('analytics:series.closed'),
                data: data.gaps.map((g) => g.closed),
                backgroundColor: PALETTE[2],
              },
            ],
          }}
        />
      </ChartCard>
      <ChartCard {...card('topics', !data.topics.length, t('analytics:charts.topics.description'))}>
        <Bar
          options={{ ...(options as ChartOptions<'bar'>), indexAxis: 'y' }}
          data={{
            labels: data.topics.map((row) => row.label),
            datasets: [
              { label: conversations, data: data.topics.map((row) => row.count), backgroundColor: PALETTE[0] },
            ],
          }}
        />
      </ChartCard>
      <ChartCard {...card('hours', !hours.some(Boolean), t('analytics:charts.hours.description'))}>
        <Bar
          options={options as ChartOptions<'bar'>}
          data={{
            labels: hours.map((_, hour) => hourLabel(hour)),
            datasets: [{ label: conversations, data: hours, backgroundColor: PALETTE[1] }],
          }}
        />
      </ChartCard>
      <ChartCard {...card('sentiment', !sentiments.some(Boolean))}>
        <Doughnut
          options={doughnutOptions}
          data={{
            labels: SENTIMENT_ROWS.map(([, label]) => t(label)),
            datasets: [{ data: sentiments, backgroundColor: [PALETTE[2], PALETTE[6], PALETTE[4]] }],
          }}
        />
      </ChartCard>
      <ChartCard {...card('languages', !data.languages.length)}>
        <Doughnut
          options={doughnutOptions}
          data={{
            labels: data.languages.map((row) => format.languageName(row.label)),
            datasets: [{ data: data.languages.map((row) => row.count), backgroundColor: PALETTE }],
          }}
        />
      </ChartCard>
    </div>
  );
}
