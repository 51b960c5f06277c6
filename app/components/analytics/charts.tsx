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
import type { TAnalyticsDashboard } from '../../../server/services/analytics/dashboard';
import { ChartCard } from './chart-card';
import { baseOptions, PALETTE } from './chart-options';
import { chartTable, HANDOFF_ROWS, type TChartId } from './tables';

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

const EMPTY = {
  volume: 'Conversations and messages per period appear here once visitors chat with a live chatbot.',
  outcomes: 'Outcomes appear once conversations end or go quiet for 30 minutes.',
  response: 'Response times appear once the bot or a person has replied to a visitor.',
  csat: 'Ratings appear when visitors rate a chat at its end or give an answer a thumbs up or down.',
  handoffs: 'No one asked for a person in this period.',
  gaps: 'Questions the knowledge could not answer appear here as knowledge gaps.',
  topics: 'Topics appear once finished conversations have been labelled.',
  hours: 'The busiest hours appear once visitors chat.',
  sentiment: 'Sentiment appears once finished conversations have been labelled.',
  languages: 'Languages appear once finished conversations have been labelled.',
} satisfies Record<TChartId, string>;

export default function AnalyticsCharts({
  data,
  isDark,
  csvHref,
}: {
  data: TAnalyticsDashboard;
  isDark: boolean;
  csvHref: (chart: TChartId) => string;
}) {
  const options = baseOptions(isDark);
  const t = data.headline.current;
  const periods = data.series.map((s) => s.period);
  const card = (id: TChartId, title: string, isEmpty: boolean, description?: string) => ({
    title,
    description,
    table: chartTable(data, id),
    csvHref: csvHref(id),
    isEmpty,
    emptyText: EMPTY[id],
  });
  const decided = t.outcomeAi + t.outcomeHanded + t.outcomeHuman + t.outcomeUnanswered;
  const handoffs = HANDOFF_ROWS.map(([key]) => t[key]);
  const sentiments = [t.sentimentPositive, t.sentimentNeutral, t.sentimentNegative];
  const ratings = [t.rating1, t.rating2, t.rating3, t.rating4, t.rating5];
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

  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ChartCard {...card('volume', 'Conversations and messages', !t.conversations)}>
        <Line
          options={options as ChartOptions<'line'>}
          data={{
            labels: periods,
            datasets: [
              line(
                'Conversations',
                data.series.map((s) => s.conversations),
                0,
              ),
              line(
                'Messages',
                data.series.map((s) => s.messages),
                1,
              ),
            ],
          }}
        />
      </ChartCard>
      <ChartCard {...card('outcomes', 'Outcomes', !decided, 'Share of decided conversations per period')}>
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
            datasets: (
              [
                ['Answered by AI', 'outcomeAi'],
                ['Handed to a person', 'outcomeHanded'],
                ['Answered by a person', 'outcomeHuman'],
                ['Unanswered', 'outcomeUnanswered'],
              ] as const
            ).map(([label, key], index) => ({
              label,
              data: data.series.map((s) => s[key]),
              backgroundColor: PALETTE[index],
            })),
          }}
        />
      </ChartCard>
      <ChartCard
        {...card(
          'response',
          'First response time',
          !data.responseTimes.series.length,
          'Median and 90th percentile, seconds',
        )}
      >
        <Line
          options={options as ChartOptions<'line'>}
          data={{
            labels: data.responseTimes.series.map((s) => s.period),
            datasets: [
              line(
                'Bot median',
                data.responseTimes.series.map((s) => s.bot.median && s.bot.median / 1000),
                0,
              ),
              line(
                'Bot p90',
                data.responseTimes.series.map((s) => s.bot.p90 && s.bot.p90 / 1000),
                1,
              ),
              line(
                'People median',
                data.responseTimes.series.map((s) => s.human.median && s.human.median / 1000),
                2,
              ),
              line(
                'People p90',
                data.responseTimes.series.map((s) => s.human.p90 && s.human.p90 / 1000),
                3,
              ),
            ],
          }}
        />
      </ChartCard>
      <ChartCard
        {...card(
          'csat',
          'Satisfaction',
          !t.rated && !t.thumbsUp && !t.thumbsDown,
          t.rated
            ? `Average ${(t.ratingSum / t.rated).toFixed(2)} of 5 · thumbs ${t.thumbsUp} up, ${t.thumbsDown} down`
            : undefined,
        )}
      >
        <Bar
          options={options as ChartOptions<'bar'>}
          data={{
            labels: ['1', '2', '3', '4', '5'],
            datasets: [{ label: 'Ratings', data: ratings, backgroundColor: PALETTE[2] }],
          }}
        />
      </ChartCard>
      <ChartCard {...card('handoffs', 'Hand-off reasons', !handoffs.some(Boolean))}>
        <Bar
          options={{ ...(options as ChartOptions<'bar'>), indexAxis: 'y' }}
          data={{
            labels: HANDOFF_ROWS.map(([, label]) => label),
            datasets: [{ label: 'Conversations', data: handoffs, backgroundColor: PALETTE[3] }],
          }}
        />
      </ChartCard>
      <ChartCard {...card('gaps', 'Knowledge gaps opened and closed', !data.gaps.length)}>
        <Bar
          options={options as ChartOptions<'bar'>}
          data={{
            labels: data.gaps.map((g) => g.period),
            datasets: [
              { label: 'Opened', data: data.gaps.map((g) => g.opened), backgroundColor: PALETTE[4] },
              { label: 'Closed', data: data.gaps.map((g) => g.closed), backgroundColor: PALETTE[2] },
            ],
          }}
        />
      </ChartCard>
      <ChartCard
        {...card(
          'topics',
          'Top topics',
          !data.topics.length,
          'Similar questions grouped; open one to see its conversations',
        )}
      >
        <Bar
          options={{ ...(options as ChartOptions<'bar'>), indexAxis: 'y' }}
          data={{
            labels: data.topics.map((row) => row.label),
            datasets: [
              { label: 'Conversations', data: data.topics.map((row) => row.count), backgroundColor: PALETTE[0] },
            ],
          }}
        />
      </ChartCard>
      <ChartCard
        {...card('hours', 'Busiest hours', !hours.some(Boolean), 'Conversations started, by hour of day (UTC)')}
      >
        <Bar
          options={options as ChartOptions<'bar'>}
          data={{
            labels: hours.map((_, hour) => `${String(hour).padStart(2, '0')}:00`),
            datasets: [{ label: 'Conversations', data: hours, backgroundColor: PALETTE[1] }],
          }}
        />
      </ChartCard>
      <ChartCard {...card('sentiment', 'Sentiment', !sentiments.some(Boolean))}>
        <Doughnut
          options={doughnutOptions}
          data={{
            labels: ['Positive', 'Neutral', 'Negative'],
            datasets: [{ data: sentiments, backgroundColor: [PALETTE[2], PALETTE[6], PALETTE[4]] }],
          }}
        />
      </ChartCard>
      <ChartCard {...card('languages', 'Languages', !data.languages.length)}>
        <Doughnut
          options={doughnutOptions}
          data={{
            labels: data.languages.map((row) => row.label),
            datasets: [{ data: data.languages.map((row) => row.count), backgroundColor: PALETTE }],
          }}
        />
      </ChartCard>
    </div>
  );
}
