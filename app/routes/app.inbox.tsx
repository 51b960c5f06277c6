import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import {
  Link,
  Outlet,
  useLoaderData,
  useOutletContext,
  useParams,
  useRouteLoaderData,
  useSearchParams,
  type ShouldRevalidateFunction,
} from '@remix-run/react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ConversationList, ConversationListSkeleton } from '~/components/inbox/conversation-list';
import { InboxFilters } from '~/components/inbox/inbox-filters';
import { useInboxLive } from '~/components/inbox/inbox-live';
import { useConversationActions } from '~/components/inbox/use-conversation-actions';
import { useHydrated } from '~/hooks/use-hydrated';
import { useFormat } from '~/lib/format';
import { listInput, readFilters, type TStatusFilter } from '~/lib/inbox';
import { orHttpError } from '~/lib/loader-errors.server';
import { pageTitle } from '~/lib/meta';
import { buttonSecondary } from '~/lib/styles';
import { useTRPC } from '~/lib/trpc';
import { requireCurrentWorkspace } from '~/lib/workspace.server';
import type { loader as rootLoader } from '~/root';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'inbox:meta.title') }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const [chatbots, members] = await Promise.all([
    orHttpError(request, context.trpc.chatbot.list({ workspaceId: workspace.id })),
    orHttpError(request, context.trpc.workspace.members({ workspaceId: workspace.id })),
  ]);
  return {
    workspaceId: workspace.id,
    chatbots: chatbots.map((chatbot) => ({ id: chatbot.id, name: chatbot.name })),
    members: members.map((member) => ({ userId: member.userId, name: member.name, isYou: member.isYou })),
  };
}

// Filters and the open conversation change the address, not the chatbots or members.
export const shouldRevalidate: ShouldRevalidateFunction = ({
  currentUrl,
  nextUrl,
  formMethod,
  defaultShouldRevalidate,
}) =>
  formMethod || !nextUrl.pathname.startsWith('/app/inbox') || !currentUrl.pathname.startsWith('/app/inbox')
    ? defaultShouldRevalidate
    : false;

const EMPTY = {
  open: 'inbox:list.emptyOpen',
  pending: 'inbox:list.emptyPending',
  resolved: 'inbox:list.emptyResolved',
  archived: 'inbox:list.emptyArchived',
  all: 'inbox:list.empty',
} as const satisfies Record<TStatusFilter, string>;

export type TInboxOutletContext = {
  members: { userId: string; name: string; isYou: boolean }[];
};

export const useInboxOutlet = () => useOutletContext<TInboxOutletContext>();

/** Who of the team is here now. */
function OnlineMembers() {
  const { online, me } = useInboxLive();
  const { t } = useTranslation();
  const format = useFormat();
  const people = [...online.values()].sort((a, b) => (a.userId === me.id ? -1 : b.userId === me.id ? 1 : 0));
  if (!people.length) return null;
  const names = people.map((person) => (person.userId === me.id ? t('inbox:page.you') : person.name));
  return (
    <div className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400">
      <span className="size-2 rounded-full bg-emerald-500" aria-hidden />
      <span>{t('inbox:page.online', { names: format.list(names, { type: 'unit' }) })}</span>
    </div>
  );
}

/** Asks for the browser's permission only when the person presses it, and only while their setting is on. */
function BrowserNotificationsButton() {
  const isHydrated = useHydrated();
  const { t } = useTranslation();
  const me = useRouteLoaderData<typeof rootLoader>('root')?.me;
  const [permission, setPermission] = useState<NotificationPermission | 'unsupported'>('default');
  useEffect(() => {
    setPermission(typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);
  }, []);
  if (!isHydrated || !me || permission === 'unsupported' || permission === 'granted') return null;
  if (!me.preferences.notifications.browser) return null;
  if (permission === 'denied')
    return <p className="text-xs text-slate-600 dark:text-slate-400">{t('inbox:page.notificationsBlocked')}</p>;
  return (
    <button
      type="button"
      className={buttonSecondary}
      onClick={() => void Notification.requestPermission().then(setPermission)}
    >
      {t('inbox:page.turnOnNotifications')}
    </button>
  );
}

/**
 * The inbox: the workspace's conversations on the left, live, filtered by
 * the address; the open one on the right (the child route). On small
 * screens one of the two shows at a time.
 */
export default function Inbox() {
  const { workspaceId, chatbots, members } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const live = useInboxLive();
  const trpc = useTRPC();
  const [params] = useSearchParams();
  const { conversationId = null } = useParams();
  const filters = readFilters(params);
  const actions = useConversationActions(members);

  const list = useInfiniteQuery(
    trpc.inbox.list.infiniteQueryOptions(listInput(workspaceId, filters), {
      getNextPageParam: (page) => page.nextCursor,
      placeholderData: keepPreviousData,
      staleTime: 5_000,
    }),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const counts = list.data?.pages[0]?.counts ?? null;
  const results = (() => {
    const values = { count: items.length, search: filters.search };
    if (filters.search)
      return list.hasNextPage ? t('inbox:list.results.moreMatching', values) : t('inbox:list.results.matching', values);
    return list.hasNextPage ? t('inbox:list.results.more', values) : t('inbox:list.results.all', values);
  })();

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between">
        <div className="flex items-center gap-3">
          <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
            {t('inbox:page.heading')}
          </h1>
          <span role="status" className="text-sm text-slate-600 dark:text-slate-400">
            {live.isConnected ? '' : t('inbox:page.connecting')}
          </span>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <OnlineMembers />
          <BrowserNotificationsButton />
        </div>
      </div>
      <div className="grid gap-4 lg:grid-cols-[22rem_minmax(0,1fr)]">
        <section
          aria-label={t('inbox:page.listLabel')}
          className={`${conversationId ? 'hidden lg:block' : ''} self-start rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900`}
        >
          <div className="border-b border-slate-200 p-3 dark:border-slate-800">
            <InboxFilters chatbots={chatbots} counts={counts} />
          </div>
          <div aria-live="polite" aria-busy={list.isFetching} className="sr-only">
            {list.isSuccess && !list.isFetching ? results : ''}
          </div>
          {list.isPending ? (
            <ConversationListSkeleton />
          ) : list.isError ? (
            <div role="alert" className="space-y-2 p-4 text-sm text-red-800 dark:text-red-300">
              <p>{t('inbox:list.loadFailed', { error: list.error.message })}</p>
              <button type="button" className={buttonSecondary} onClick={() => void list.refetch()}>
                {t('common:actions.retry')}
              </button>
            </div>
          ) : items.length === 0 ? (
            <p className="p-6 text-center text-sm text-slate-600 dark:text-slate-400">
              {filters.search ? t('inbox:list.noMatches', { search: filters.search }) : t(EMPTY[filters.status])}
            </p>
          ) : (
            <ConversationList items={items} selectedId={conversationId} onResolve={actions.resolve} meId={live.me.id} />
          )}
          {list.hasNextPage && (
            <div className="border-t border-slate-200 p-3 dark:border-slate-800">
              <button
                type="button"
                className={`${buttonSecondary} w-full`}
                onClick={() => void list.fetchNextPage()}
                disabled={list.isFetchingNextPage}
              >
                {list.isFetchingNextPage ? t('common:states.loading') : t('inbox:list.showMore')}
              </button>
            </div>
          )}
          <p className="hidden border-t border-slate-200 px-3 py-2 text-xs text-slate-600 lg:block dark:border-slate-800 dark:text-slate-400">
            <Trans i18nKey="inbox:page.keys" components={{ kbd: <kbd className="font-mono" /> }} />
          </p>
        </section>
        <div className={conversationId ? '' : 'hidden lg:block'}>
          {conversationId && (
            <Link
              to={`/app/inbox${params.size ? `?${params}` : ''}`}
              className="mb-3 inline-block text-sm font-medium text-brand-700 hover:underline lg:hidden dark:text-brand-300"
            >
              {t('inbox:page.backToAll')}
            </Link>
          )}
          <Outlet context={{ members } satisfies TInboxOutletContext} />
        </div>
      </div>
    </div>
  );
}
