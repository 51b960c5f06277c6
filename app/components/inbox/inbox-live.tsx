import { useNavigate } from '@remix-run/react';
import { useMutation, useQuery, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { toast } from 'sonner';
import {
  statusMatches,
  UUID,
  type TInboxEvent,
  type TInboxItem,
  type TStatusFilter,
  type TTabMessage,
} from '~/lib/inbox';
import { useTRPC } from '~/lib/trpc';

export type TPresence = { userId: string; name: string; viewing: string | null; typingIn: string | null };

type TInboxLive = {
  workspaceId: string;
  me: { id: string; name: string };
  /** Members online now, this user included, by user id. */
  online: Map<string, TPresence>;
  isConnected: boolean;
  /** Tells the team (heartbeat) which conversation this tab shows. */
  setViewing: (conversationId: string | null) => void;
  /** Every inbox event of the workspace; returns the unsubscribe. */
  listen: (listener: (event: TInboxEvent) => void) => () => void;
  /** Tells this user's other tabs what changed. */
  broadcast: (message: TTabMessage) => void;
  /** Refetches the lists, counts and dashboard figures soon (several calls make one refetch). */
  refreshLists: () => void;
};

const InboxLiveContext = createContext<TInboxLive | null>(null);

export function useInboxLive() {
  const live = useContext(InboxLiveContext);
  if (!live) throw new Error('useInboxLive needs <InboxLiveProvider> (the /app layout) above it.');
  return live;
}

/** For the navigation, which may render outside a workspace. */
export const useOptionalInboxLive = () => useContext(InboxLiveContext);

/** Calls `listener` with every inbox event while mounted (the latest listener, without resubscribing). */
export function useInboxEvents(listener: (event: TInboxEvent) => void) {
  const { listen } = useInboxLive();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => listen((event) => latest.current(event)), [listen]);
}

const HEARTBEAT_MS = 15_000;
const REFRESH_DELAY_MS = 120;

/**
 * Applies `patch` to every cached inbox list (plain and paged): it returns
 * the changed item, or null when the item no longer belongs under that
 * list's status filter.
 */
export function patchLists(
  queryClient: QueryClient,
  queryKey: QueryKey,
  patch: (item: TInboxItem, status: TStatusFilter) => TInboxItem | null,
) {
  type TPage = { items: TInboxItem[] };
  const patchPage = (page: TPage, status: TStatusFilter) => ({
    ...page,
    items: page.items.flatMap((item) => {
      const next = patch(item, status);
      return next ? [next] : [];
    }),
  });
  for (const [key, data] of queryClient.getQueriesData<TPage | { pages: TPage[]; pageParams: unknown[] }>({
    queryKey,
  })) {
    if (!data) continue;
    const input = (key[1] as { input?: { status?: TStatusFilter } } | undefined)?.input;
    const status = input?.status ?? 'open';
    queryClient.setQueryData(
      key,
      'pages' in data ? { ...data, pages: data.pages.map((page) => patchPage(page, status)) } : patchPage(data, status),
    );
  }
}

type TNotificationPayload = Extract<TInboxEvent, { type: 'notification' }>['payload'];

/** A notification's title and text, in the reader's language, from what the server says happened. */
function describeNotification(payload: TNotificationPayload, t: TFunction) {
  const { kind, chatbotName, visitorName, lastQuestion } = payload;
  const chatbot = chatbotName ?? t('inbox:live.yourChatbot');
  if (kind === 'handoff.requested')
    return {
      title: visitorName
        ? t('inbox:live.handoffTitle', { visitor: visitorName })
        : t('inbox:live.handoffTitleAnonymous'),
      body: lastQuestion
        ? t('inbox:live.handoffQuestion', { chatbot, question: lastQuestion })
        : t('inbox:live.handoffBody', { chatbot }),
    };
  return {
    title: t('inbox:live.newTitle', { chatbot }),
    body: visitorName ? t('inbox:live.newBody', { visitor: visitorName }) : t('inbox:live.newBodyAnonymous'),
  };
}

/** Would the browser show a notification now? Permission given and the user's setting on. */
const canNotify = (wantsBrowser: boolean) =>
  wantsBrowser && typeof Notification !== 'undefined' && Notification.permission === 'granted';

/**
 * The one live connection of the workspace pages: a single `inbox.onEvent`
 * subscription per tab that every page listens to, the heartbeat that keeps
 * this member "online" (and says what they view), presence, toasts and
 * browser notifications, and the BroadcastChannel that keeps this user's
 * tabs in step.
 */
export function InboxLiveProvider({
  workspaceId,
  me,
  wantsBrowserNotifications,
  children,
}: {
  workspaceId: string;
  me: { id: string; name: string };
  wantsBrowserNotifications: boolean;
  children: ReactNode;
}) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const listeners = useRef(new Set<(event: TInboxEvent) => void>());
  const [online, setOnline] = useState(() => new Map<string, TPresence>());
  const [viewing, setViewing] = useState<string | null>(null);

  const refreshTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const refreshLists = useCallback(() => {
    if (refreshTimer.current) return;
    refreshTimer.current = setTimeout(() => {
      refreshTimer.current = null;
      void queryClient.invalidateQueries(trpc.inbox.list.pathFilter());
      void queryClient.invalidateQueries(trpc.inbox.stats.pathFilter());
      void queryClient.invalidateQueries(trpc.analytics.headline.pathFilter());
    }, REFRESH_DELAY_MS);
  }, [queryClient, trpc]);
  useEffect(() => () => clearTimeout(refreshTimer.current ?? undefined), []);

  // ---- Presence ----------------------------------------------------------------------------
  const onlineQuery = useQuery(trpc.inbox.online.queryOptions({ workspaceId }, { staleTime: 0 }));
  useEffect(() => {
    if (!onlineQuery.data) return;
    setOnline((current) => {
      const next = new Map<string, TPresence>();
      for (const member of onlineQuery.data.members)
        next.set(member.userId, { ...member, typingIn: current.get(member.userId)?.typingIn ?? null });
      return next;
    });
  }, [onlineQuery.data]);

  const heartbeat = useMutation(trpc.inbox.heartbeat.mutationOptions());
  const beat = heartbeat.mutate;
  // Each tab beats for itself, so two tabs on two conversations keep the member's "viewing" steady.
  const [tabId] = useState(() => Math.random().toString(36).slice(2, 12));
  useEffect(() => {
    const input = { workspaceId, tabId, viewing: viewing && UUID.test(viewing) ? viewing : null };
    beat(input);
    const timer = setInterval(() => beat(input), HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [beat, workspaceId, tabId, viewing]);

  // ---- Cross-tab sync ----------------------------------------------------------------------
  const channel = useRef<BroadcastChannel | null>(null);
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return;
    const bc = new BroadcastChannel(`parley-inbox-${workspaceId}`);
    channel.current = bc;
    bc.onmessage = ({ data }: MessageEvent<TTabMessage>) => {
      if (data.type === 'read') {
        patchLists(queryClient, trpc.inbox.list.pathKey(), (item) =>
          item.id === data.conversationId ? { ...item, unreadCount: 0 } : item,
        );
      }
      refreshLists();
      if (data.conversationId) {
        void queryClient.invalidateQueries(
          trpc.inbox.get.queryFilter({ workspaceId, conversationId: data.conversationId }),
        );
      }
    };
    return () => {
      channel.current = null;
      bc.close();
    };
  }, [queryClient, refreshLists, trpc, workspaceId]);
  const broadcast = useCallback((message: TTabMessage) => channel.current?.postMessage(message), []);

  // ---- The live feed -----------------------------------------------------------------------
  const wantsBrowser = useRef(wantsBrowserNotifications);
  wantsBrowser.current = wantsBrowserNotifications;

  const onEvent = (event: TInboxEvent) => {
    if (event.type === 'presence') {
      const { userId, name, state, viewing: at, typingIn } = event.payload;
      setOnline((current) => {
        const next = new Map(current);
        if (state === 'offline') next.delete(userId);
        else next.set(userId, { userId, name, viewing: at, typingIn });
        return next;
      });
    } else if (event.type === 'notification') {
      const { kind, conversationId } = event.payload;
      const { title, body } = describeNotification(event.payload, t);
      const open = () => navigate(`/app/inbox/${conversationId}`);
      const show = kind === 'handoff.requested' ? toast.warning : toast.info;
      show(title, {
        id: `notification-${event.id}`,
        description: body,
        action: { label: t('inbox:live.open'), onClick: open },
      });
      // Only when the person is elsewhere: the toast is enough while they look at the app.
      if (canNotify(wantsBrowser.current) && (document.visibilityState !== 'visible' || !document.hasFocus())) {
        // The tag makes the tabs of one browser show it once.
        const notification = new Notification(title, { body, tag: `${kind}-${conversationId}` });
        notification.onclick = () => {
          window.focus();
          open();
          notification.close();
        };
      }
    } else if (event.type === 'conversation.updated') {
      const { conversation } = event.payload;
      patchLists(queryClient, trpc.inbox.list.pathKey(), (item, status) => {
        if (item.id !== conversation.id) return item;
        if (!statusMatches(status, conversation.status)) return null;
        return {
          ...item,
          status: conversation.status,
          handler: conversation.handler,
          assignee: conversation.assignedUserId
            ? { id: conversation.assignedUserId, name: conversation.operatorName ?? '' }
            : null,
        };
      });
      refreshLists();
    } else if (event.type === 'conversation.deleted') {
      const { conversationId } = event.payload;
      patchLists(queryClient, trpc.inbox.list.pathKey(), (item) => (item.id === conversationId ? null : item));
      refreshLists();
    } else if (event.type === 'visitor.updated') {
      const { id, name, email } = event.payload.visitor;
      patchLists(queryClient, trpc.inbox.list.pathKey(), (item) =>
        item.visitor.id === id ? { ...item, visitor: { ...item.visitor, name, email } } : item,
      );
    } else if (event.type === 'conversation.created' || event.type === 'message.created') {
      refreshLists();
    } else if (event.type === 'ready' && !event.payload.isResumed) {
      // The stream is live but replayed nothing (it is new, or the server could not resume it): whatever
      // the pages read before may miss what happened since, so they read again — subscribe, then read.
      void queryClient.invalidateQueries(trpc.inbox.pathFilter());
    }
    for (const listener of listeners.current) listener(event);
  };

  const subscription = useSubscription(
    trpc.inbox.onEvent.subscriptionOptions(
      { workspaceId },
      // After a reconnect the server replays what this tab missed (the client sends the last event id).
      { onData: ({ data }) => onEvent(data) },
    ),
  );

  // 'pending' is tRPC's word for a subscription that is up and waiting for data.
  const isConnected = subscription.status === 'pending';

  const listen = useCallback((listener: (event: TInboxEvent) => void) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }, []);

  const value = useMemo<TInboxLive>(
    () => ({ workspaceId, me, online, isConnected, setViewing, listen, broadcast, refreshLists }),
    [workspaceId, me, online, isConnected, listen, broadcast, refreshLists],
  );
  return <InboxLiveContext.Provider value={value}>{children}</InboxLiveContext.Provider>;
}

/** The navigation's numbers: conversations with unread messages, and those waiting for a person. */
export function useInboxCounts() {
  const live = useOptionalInboxLive();
  const trpc = useTRPC();
  const query = useQuery(
    trpc.inbox.list.queryOptions(
      { workspaceId: live?.workspaceId ?? '', status: 'open', limit: 1 },
      { enabled: !!live, staleTime: 10_000 },
    ),
  );
  return query.data?.counts ?? null;
}
