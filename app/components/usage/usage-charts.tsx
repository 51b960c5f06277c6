import {
  CategoryScale,
  Chart as ChartJS,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
  type ChartOptions,
} from 'chart.js';
import { Line } from 'react-chartjs-2';
import type { TUsageDay } from '../../../server/services/usage/report';
import { ChartCard } from '../analytics/chart-card';
import { baseOptions, PALETTE } from '../analytics/chart-options';

// Loaded with React.lazy by the Usage page only, so chart.js stays out of every other page's bundle.
ChartJS.register(CategoryScale, Legend, LinearScale, LineElement, PointElement, Tooltip);

type TFigure = keyof Omit<TUsageDay, 'day'>;

/** One chart of the month day by day: two figures as lines, and the same numbers as a table. */
function TrendCard(props: {
  trend: TUsageDay[];
  isDark: boolean;
  title: string;
  emptyText: string;
  lines: [TFigure, string, number][];
}) {
  const { trend, lines } = props;
  return (
    <ChartCard
      title={props.title}
      description="Per day this month (UTC)"
      isEmpty={lines.every(([key]) => trend.every((day) => !day[key]))}
      emptyText={props.emptyText}
      table={{
        columns: ['Day', ...lines.map(([, label]) => label)],
        rows: trend.map((day) => [day.day, ...lines.map(([key]) => day[key])]),
      }}
    >
      <Line
        options={baseOptions(props.isDark) as ChartOptions<'line'>}
        data={{
          labels: trend.map((day) => day.day.slice(5)),
          datasets: lines.map(([key, label, color]) => ({
            label,
            data: trend.map((day) => day[key]),
            borderColor: PALETTE[color],
            backgroundColor: PALETTE[color],
            tension: 0.25,
            pointRadius: 2,
          })),
        }}
      />
    </ChartCard>
  );
}

/** The month day by day: messages and webhook deliveries in one chart, AI tokens (larger numbers) in another. */
export default function UsageCharts({ trend, isDark }: { trend: TUsageDay[]; isDark: boolean }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <TrendCard
        trend={trend}
        isDark={isDark}
        title="Messages and webhook deliveries"
        emptyText="Visitor messages and webhook deliveries appear here day by day once your chatbots are in use."
        lines={[
          ['messages', 'Visitor messages', 0],
          ['webhooks', 'Webhook deliveries', 3],
        ]}
      />
      <TrendCard
        trend={trend}
        isDark={isDark}
        title="AI tokens"
        emptyText="Tokens appear here once the AI answers visitors."
        lines={[
          ['tokensIn', 'Tokens in', 1],
          ['tokensOut', 'Tokens out', 2],
        ]}
      />
    </div>
  );
}
