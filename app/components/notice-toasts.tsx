import { useSubscription } from '@trpc/tanstack-react-query';
import { toast } from 'sonner';
import { useTRPC } from '~/lib/trpc';

/**
 * Server-wide notices (a restart, maintenance) as toasts. The subscription
 * only starts in the browser; after a reconnect the WebSocket link resumes
 * from the last event id, and the toast id keeps a replayed notice from
 * showing twice.
 */
export function NoticeToasts() {
  const trpc = useTRPC();
  useSubscription(
    trpc.system.onNotice.subscriptionOptions(undefined, {
      onData: ({ id, data }) => {
        const show = data.level === 'warning' ? toast.warning : toast.info;
        show(data.message, { id: `notice-${id}` });
      },
    }),
  );
  return null;
}
