import { useRevalidator } from '@remix-run/react';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useTRPC } from '~/lib/trpc';

/**
 * Keeps a page's loader data fresh while a chatbot's sources are ingested:
 * every status change the server publishes re-runs the page's loaders.
 */
export function LiveSources({ workspaceId, chatbotId }: { workspaceId: string; chatbotId: string }) {
  const trpc = useTRPC();
  const revalidator = useRevalidator();
  useSubscription(
    trpc.source.onUpdated.subscriptionOptions(
      { workspaceId, chatbotId },
      {
        onData: () => {
          revalidator.revalidate();
        },
      },
    ),
  );
  return null;
}
