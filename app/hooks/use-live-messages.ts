import { useCallback, useMemo, useState } from 'react';
import { mergeMessage, mergeMessages } from '~/lib/message-list';

const EMPTY: readonly never[] = [];

type TLiveMessage = { id: string; clientId?: string | null; seq?: number | null; createdAt: Date | string };

/**
 * A conversation's messages (or notes) as a page shows them: what its query read,
 * merged by id and position with every message its live stream delivered
 * (and every one this page sent) since the page opened.
 *
 * The live copies are kept apart from the query's cache on purpose: a
 * refetch whose read began before a message was stored would otherwise
 * replace the copy its event had put there, and the message would vanish
 * until the next reload. Together with the stream's `ready` (a fresh
 * stream makes the page read again, a resumed one replays the gap), this
 * is "subscribe, then read, then merge": nothing stored around a read is
 * missed, nothing is shown twice.
 */
export function useLiveMessages<T extends TLiveMessage>(read: readonly T[] | undefined, scope: string | null = null) {
  // Live copies belong to one conversation (`scope`): a page that switches conversations starts empty.
  const [state, setState] = useState<{ scope: string | null; live: readonly T[] }>({ scope, live: [] });
  const live = state.scope === scope ? state.live : EMPTY;
  const setLive = useCallback(
    (change: (all: readonly T[]) => readonly T[]) =>
      setState((current) => ({ scope, live: change(current.scope === scope ? current.live : EMPTY) })),
    [scope],
  );
  const messages = useMemo(() => mergeMessages(read ?? [], live), [read, live]);

  /** A message from the stream, or this page's own (pending, then stored). */
  const upsert = useCallback((message: T) => setLive((all) => mergeMessage(all, message)), [setLive]);

  /** A change to a shown message (a rating): kept as a live copy, so a stale read cannot undo it. */
  const patch = useCallback(
    (id: string, change: Partial<T>) =>
      setLive((all) => {
        const current = all.find((m) => m.id === id) ?? read?.find((m) => m.id === id);
        return current ? mergeMessage(all, { ...current, ...change }) : all;
      }),
    [read, setLive],
  );

  /** Takes back a message this page sent that the server refused. */
  const drop = useCallback(
    (clientId: string) => setLive((all) => all.filter((message) => message.clientId !== clientId)),
    [setLive],
  );

  return { messages, upsert, patch, drop };
}
