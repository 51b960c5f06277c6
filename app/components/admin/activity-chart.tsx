import { CategoryScale, Chart, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js';
import { Line } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import { useFormat } from '~/lib/format';

Chart.register(CategoryScale, LinearScale, PointElement, LineElement, Legend, Tooltip);

type TDay = {
  day: string;
  users: number;
  workspaces: number;
  chatbots: number;
  conversations: number;
  messages: number;
};

const SERIES = [
  { key: 'messages', label: 'admin:system.series.messages', color: '#4f46e5' },
  { key: 'conversations', label: 'admin:system.series.conversations', color: '#0891b2' },
  { key: 'users', label: 'admin:system.series.users', color: '#16a34a' },
  { key: 'workspaces', label: 'admin:system.series.workspaces', color: '#d97706' },
  { key: 'chatbots', label: 'admin:system.series.chatbots', color: '#db2777' },
] as const;

/** New things per day; the table under it carries the same figures for screen readers and copying. */
export function ActivityChart({ days }: { days: TDay[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="h-72">
      <Line
        aria-label={t('admin:system.chartLabel')}
        options={{ maintainAspectRatio: false, interaction: { mode: 'index', intersect: false } }}
        data={{
          // Days are UTC dates ("2026-12-05"): month and day in the page's language.
          labels: days.map((day) =>
            format.dateTime(`${day.day}T00:00:00Z`, { month: 'numeric', day: 'numeric', timeZone: 'UTC' }),
          ),
          datasets: SERIES.map((series) => ({
            label: t(series.label),
            data: days.map((day) => day[series.key]),
            borderColor: series.color,
            backgroundColor: series.color,
            tension: 0.25,
          })),
        }}
      />
    </div>
  );
}
