import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';

type TAlert = { metric: string; state: 'ok' | 'near' | 'reached'; message: string };

/**
 * The workspace's limits at 80 % (amber) or reached (red), on every
 * workspace page, in the words of the owners' e-mail (the server writes them
 * in the page's language): what was used, what happens now, and where to see more.
 */
export function UsageBanner({ alerts }: { alerts: TAlert[] }) {
  const { t } = useTranslation();
  if (!alerts.length) return null;
  const isReached = alerts.some((alert) => alert.state === 'reached');
  return (
    <div
      role={isReached ? 'alert' : 'status'}
      data-testid="usage-banner"
      className={`mb-6 rounded-md px-4 py-3 text-sm ring-1 ${
        isReached
          ? 'bg-red-50 text-red-900 ring-red-200 dark:bg-red-950/50 dark:text-red-100 dark:ring-red-900'
          : 'bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950/40 dark:text-amber-100 dark:ring-amber-900'
      }`}
    >
      <p className="font-semibold">
        {isReached ? t('dashboard:usage.banner.reached') : t('dashboard:usage.banner.near')}
      </p>
      <ul className="mt-1 space-y-1">
        {alerts.map((alert) => (
          <li key={alert.metric}>{alert.message}</li>
        ))}
      </ul>
      <p className="mt-1">
        <Link to="/app/usage" className="font-medium underline">
          {t('dashboard:usage.banner.seeUsage')}
        </Link>{' '}
        · {t('dashboard:usage.banner.raise')}
      </p>
    </div>
  );
}
