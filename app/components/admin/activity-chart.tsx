import { CategoryScale, Chart, Legend, LinearScale, LineElement, PointElement, Tooltip } from 'chart.js';
import { Line } from 'react-chartjs-2';

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
  { key: 'messages', label: 'Messages', color: '#4f46e5' },
  { key: 'conversations', label: 'Conversations', color: '#0891b2' },
  { key: 'users', label: 'Users', color: '#16a34a' },
  { key: 'workspaces', label: 'Workspaces', color: '#d97706' },
  { key: 'chatbots', label: 'Chatbots', color: '#db2777' },
] as const;

/** New things per day; the table under it carries the same figures for screen readers and copying. */
export function ActivityChart({ days }: { days: TDay[] }) {
  return (
    <div className="h-72">
      <Line
        aria-label="New users, workspaces, chatbots, conversations and messages per day"
        options={{ maintainAspectRatio: false, interaction: { mode: 'index', intersect: false } }}
        data={{
          labels: days.map((day) => day.day.slice(5)),
          datasets: SERIES.map((series) => ({
            label: series.label,
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
