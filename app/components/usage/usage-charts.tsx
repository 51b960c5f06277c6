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
import { useTranslation } from 'react-i18next';
import { useFormat } from '~/lib/format';
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
  const { t } = useTranslation();
  const format = useFormat();
  // Days are UTC dates ("2026-03-31"): in the page's language, in full in the table.
  const date = (day: TUsageDay, options: Intl.DateTimeFormatOptions) =>
    format.dateTime(`${day.day}T00:00:00Z`, { ...options, timeZone: 'UTC' });
  return (
    <ChartCard
      title={props.title}
      description={t('dashboard:usage.charts.perDay')}
      isEmpty={lines.every(([key]) => trend.every((day) => !day[key]))}
      emptyText={props.emptyText}
      table={{
        columns: [t('dashboard:usage.charts.day'), ...lines.map(([, label]) => label)],
        rows: trend.map((day) => [date(day, { dateStyle: 'medium' }), ...lines.map(([key]) => day[key])]),
      }}
    >
      <Line
        options={baseOptions(props.isDark, format.lng) as ChartOptions<'line'>}
        data={{
          labels: trend.map((day) => date(day, { day: 'numeric', month: 'short' })),
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
  const { t } = useTranslation();
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <TrendCard
        trend={trend}
        isDark={isDark}
        title={t('dashboard:usage.charts.messagesTitle')}
        emptyText={t('dashboard:usage.charts.messagesEmpty')}
        lines={[
          ['messages', t('dashboard:usage.metrics.messages'), 0],
          ['webhooks', t('dashboard:usage.metrics.webhooks'), 3],
        ]}
      />
      <TrendCard
        trend={trend}
        isDark={isDark}
        title={t('dashboard:usage.charts.tokensTitle')}
        emptyText={t('dashboard:usage.charts.tokensEmpty')}
        lines={[
          ['tokensIn', t('dashboard:usage.tokensIn'), 1],
          ['tokensOut', t('dashboard:usage.tokensOut'), 2],
        ]}
      />
    </div>
  );
}
