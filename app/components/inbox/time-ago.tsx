import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '~/lib/format';
import { timeAgo } from '~/lib/inbox';
import { formatUtc } from '~/lib/user-agent';

/** Re-renders every `everyMs` so "5 min ago" keeps telling the truth. */
export function useNow(everyMs = 30_000) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** "5 min ago", with the exact time as a tooltip and for assistive tools. */
export function TimeAgo({ value, className }: { value: Date | string; className?: string }) {
  const now = useNow();
  const { t } = useTranslation();
  const format = useFormat();
  const date = new Date(value);
  return (
    // The server's clock and the browser's can differ by a minute; the browser's wins.
    <time dateTime={date.toISOString()} title={formatUtc(date, format)} className={className} suppressHydrationWarning>
      {timeAgo(date, t, format, now)}
    </time>
  );
}
