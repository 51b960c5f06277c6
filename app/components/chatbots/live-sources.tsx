import { useRevalidator } from '@remix-run/react';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef } from 'react';
import { useTRPC } from '~/lib/trpc';

/**
 * Events closer together than this are folded into one reload: a sitemap of
 * hundreds of pages sends a burst of status changes, and one `knowledge.source.list`
 * per burst shows the same thing as one per event.
 */
const RELOAD_EVERY_MS = 400;

/**
 * Keeps a page's loader data fresh while a chatbot's sources are ingested:
 * the status changes the server publishes re-run the page's loaders.
 */
export function LiveSources({ workspaceId, chatbotId }: { workspaceId: string; chatbotId: string }) {
  const trpc = useTRPC();
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  useSubscription(
    trpc.knowledge.source.onUpdated.subscriptionOptions(
      { workspaceId, chatbotId },
      {
        onData: () => {
          if (timer.current) return;
          timer.current = setTimeout(() => {
            timer.current = null;
            revalidate.current();
          }, RELOAD_EVERY_MS);
        },
      },
    ),
  );
  return null;
}
