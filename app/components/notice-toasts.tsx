import { useRouteLoaderData } from '@remix-run/react';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '~/lib/trpc';
import type { loader as rootLoader } from '~/root';

type TBanner = { id: string; level: 'info' | 'warning'; message: string; endsAt: Date };

/**
 * Server-wide notices. Banners platform admins publish (maintenance,
 * incidents) stay at the top of every signed-in page until they end: the
 * root loader brings the ones already running, the subscription new ones
 * and early ends. Other notices (a restart) are toasts. After a reconnect
 * the WebSocket link resumes from the last event id; ids keep a replayed
 * notice from showing twice.
 */
export function NoticeToasts() {
  const trpc = useTRPC();
  const root = useRouteLoaderData<typeof rootLoader>('root');
  const [banners, setBanners] = useState<TBanner[]>([]);
  const [now, setNow] = useState(() => Date.now());
  const loaded = root?.notices;

  useEffect(() => {
    if (!loaded) return;
    setBanners((current) =>
      merge(
        current,
        loaded.map((notice) => ({ ...notice, endsAt: new Date(notice.endsAt) })),
      ),
    );
  }, [loaded]);

  // Banners past their end disappear without a reload.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 15_000);
    return () => clearInterval(timer);
  }, []);

  useSubscription(
    trpc.system.onNotice.subscriptionOptions(undefined, {
      onData: ({ id, data }) => {
        if (data.noticeId && data.endsAt) {
          const banner = { id: data.noticeId, level: data.level, message: data.message, endsAt: new Date(data.endsAt) };
          setBanners((current) => merge(current, [banner]));
          setNow(Date.now());
          return;
        }
        const show = data.level === 'warning' ? toast.warning : toast.info;
        show(data.message, { id: `notice-${id}` });
      },
    }),
  );

  const showing = root?.me ? banners.filter((banner) => banner.endsAt.getTime() > now) : [];
  if (showing.length === 0) return null;
  return (
    <div className="fixed inset-x-0 bottom-0 z-40 space-y-px" aria-live="polite">
      {showing.map((banner) => (
        <p
          key={banner.id}
          role={banner.level === 'warning' ? 'alert' : 'status'}
          data-testid="system-notice"
          className={`px-4 py-2 text-center text-sm font-medium ${
            banner.level === 'warning'
              ? 'bg-amber-400 text-slate-950'
              : 'bg-brand-700 text-white dark:bg-brand-400 dark:text-slate-950'
          }`}
        >
          {banner.message}
        </p>
      ))}
    </div>
  );
}

/** Newer facts about a banner (an early end) replace older ones. */
const merge = (current: TBanner[], incoming: TBanner[]) => {
  const byId = new Map(current.map((banner) => [banner.id, banner]));
  for (const banner of incoming) byId.set(banner.id, banner);
  return [...byId.values()];
};
