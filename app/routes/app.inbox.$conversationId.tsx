import type { MetaFunction } from '@remix-run/node';
import { useLocation, useNavigate, useParams } from '@remix-run/react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { ConversationHeader } from '~/components/inbox/conversation-header';
import { ConversationThread, ThreadSkeleton, type TStream } from '~/components/inbox/conversation-thread';
import { patchLists, useInboxEvents, useInboxLive } from '~/components/inbox/inbox-live';
import { NotesPanel } from '~/components/inbox/notes-panel';
import { ReplyComposer } from '~/components/inbox/reply-composer';
import { useConversationActions } from '~/components/inbox/use-conversation-actions';
import { VisitorPanel } from '~/components/inbox/visitor-panel';
import { VisitorPrivacy } from '~/components/inbox/visitor-privacy';
import { useLiveMessages } from '~/hooks/use-live-messages';
import { inboxPath, visitorLabel, type TInboxEvent } from '~/lib/inbox';
import { pageTitle } from '~/lib/meta';
import { buttonSecondary } from '~/lib/styles';
import { useTRPC } from '~/lib/trpc';
import { useInboxOutlet } from './app.inbox';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'inbox:meta.conversation') }];

/** A typing indicator that never got its "stopped" (a closed tab) fades after this. */
const TYPING_TTL_MS = 8_000;

/** Events that belong to one conversation carry its id. */
const conversationOf = (event: TInboxEvent) =>
  'conversationId' in event.payload ? (event.payload.conversationId as string) : null;

export default function InboxConversationRoute() {
  const { conversationId } = useParams() as { conversationId: string };
  // A fresh view per conversation: streams, typing and drafts never leak from the last one.
  return <InboxConversation key={conversationId} conversationId={conversationId} />;
}

function InboxConversation({ conversationId }: { conversationId: string }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { members } = useInboxOutlet();
  const { workspaceId, me, online, setViewing, broadcast, refreshLists } = useInboxLive();
  const actions = useConversationActions(members);
  const navigate = useNavigate();
  const location = useLocation();
  const [streams, setStreams] = useState<Record<string, TStream>>({});
  const [typing, setTyping] = useState<Record<string, number>>({});
  const [restore, setRestore] = useState<string | null>(null);
  const headingId = useId();

  const input = { workspaceId, conversationId };
  const getOptions = trpc.inbox.get.queryOptions(input, {
    staleTime: 0,
    retry: (count, error) => error.data?.code !== 'NOT_FOUND' && count < 2,
  });
  const thread = useQuery(getOptions);
  const data = thread.data;
  // What was read, merged with what arrived live (see the hook: a stale read cannot hide a message).
  const messages = useLiveMessages(data?.messages);
  const notes = useLiveMessages(data?.notes);

  useEffect(() => {
    setViewing(conversationId);
    return () => setViewing(null);
  }, [conversationId, setViewing]);

  // ---- Read marks: what is on screen counts as read --------------------------------------------
  const markRead = useMutation(
    trpc.inbox.markRead.mutationOptions({
      onSuccess: () => {
        patchLists(queryClient, trpc.inbox.list.pathKey(), (item) =>
          item.id === conversationId ? { ...item, unreadCount: 0 } : item,
        );
        broadcast({ type: 'read', conversationId });
        refreshLists();
      },
    }),
  );
  const markReadMutate = markRead.mutate;
  const lastVisitorId = messages.messages.findLast((m) => m.role === 'visitor')?.id ?? null;
  useEffect(() => {
    if (!lastVisitorId) return;
    const mark = () => {
      if (document.visibilityState === 'visible') markReadMutate({ workspaceId, conversationId });
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [lastVisitorId, markReadMutate, workspaceId, conversationId]);

  // ---- Live ------------------------------------------------------------------------------------
  const setTypingFor = (label: string, isTyping: boolean) =>
    setTyping(({ [label]: _, ...rest }) => (isTyping ? { ...rest, [label]: Date.now() + TYPING_TTL_MS } : rest));

  useInboxEvents((event) => {
    if (event.type === 'visitor.updated') {
      // The host page said who the visitor is: the panel shows it at once.
      const { id, name, email, traits } = event.payload.visitor;
      queryClient.setQueryData(getOptions.queryKey, (current) =>
        current?.visitor.id === id ? { ...current, visitor: { ...current.visitor, name, email, traits } } : current,
      );
      return;
    }
    if (conversationOf(event) !== conversationId) return;
    if (event.type === 'conversation.deleted') {
      // Erased by a teammate (or by the visitor): nothing is left to show. One toast with the eraser's own.
      toast.info(t('inbox:conversation.deleted'), { id: `deleted-${conversationId}` });
      navigate(inboxPath(null, location.search));
    } else if (event.type === 'answer.delta') {
      const { answerId, text } = event.payload;
      setStreams((all) => ({ ...all, [answerId]: { answerId, text: (all[answerId]?.text ?? '') + text } }));
    } else if (event.type === 'answer.cancelled') {
      setStreams(({ [event.payload.answerId]: _, ...rest }) => rest);
    } else if (event.type === 'message.created') {
      const { message } = event.payload;
      messages.upsert(message);
      setStreams(({ [message.id]: _, ...rest }) => rest);
      if (message.role === 'visitor') setTypingFor('visitor', false);
      if (message.role === 'bot') setTypingFor('bot', false);
    } else if (event.type === 'message.feedback') {
      const { messageId, feedback } = event.payload;
      messages.patch(messageId, { feedback });
    } else if (event.type === 'typing') {
      const { who, name, isTyping } = event.payload;
      if (who === 'operator' && name === me.name) return;
      setTypingFor(who === 'operator' ? `operator:${name ?? t('inbox:conversation.someone')}` : who, isTyping);
    } else if (event.type === 'note.created') {
      notes.upsert(event.payload.note);
    } else if (event.type === 'conversation.updated') {
      const { conversation } = event.payload;
      queryClient.setQueryData(getOptions.queryKey, (current) =>
        current
          ? {
              ...current,
              conversation: {
                ...current.conversation,
                status: conversation.status,
                handler: conversation.handler,
                assignee: conversation.assignedUserId
                  ? { id: conversation.assignedUserId, name: conversation.operatorName ?? '' }
                  : null,
                context: conversation.context,
                rating: conversation.rating,
                ratingComment: conversation.ratingComment,
                handoffRequestedAt: conversation.handoffRequestedAt,
                agentReadAt: conversation.agentReadAt,
              },
            }
          : current,
      );
    }
  });

  // Stale typing indicators fade on their own.
  useEffect(() => {
    const entries = Object.values(typing);
    if (!entries.length) return;
    const next = Math.min(...entries) - Date.now();
    const timer = setTimeout(
      () => setTyping((all) => Object.fromEntries(Object.entries(all).filter(([, until]) => until > Date.now()))),
      Math.max(0, next) + 50,
    );
    return () => clearTimeout(timer);
  }, [typing]);

  // ---- Replying --------------------------------------------------------------------------------
  const sendTyping = useMutation(trpc.inbox.typing.mutationOptions());
  const reply = useMutation(
    trpc.inbox.reply.mutationOptions({
      onSuccess: (message) => messages.upsert(message),
      onError: (error, variables) => {
        messages.drop(variables.clientId);
        setRestore(variables.content);
        toast.error(error.message);
      },
      onSettled: () => {
        void queryClient.invalidateQueries(trpc.inbox.get.queryFilter(input));
        refreshLists();
        broadcast({ type: 'changed', conversationId });
      },
    }),
  );

  const send = (content: string) => {
    if (!data) return;
    const clientId = crypto.randomUUID();
    setRestore(null);
    // Replying to a conversation the bot has takes it over (the server does the same).
    const takesOver = data.conversation.handler === 'bot';
    queryClient.setQueryData(getOptions.queryKey, (current) =>
      current
        ? {
            ...current,
            conversation: takesOver
              ? {
                  ...current.conversation,
                  handler: 'human' as const,
                  status: 'open' as const,
                  assignee: { id: me.id, name: me.name },
                }
              : current.conversation,
          }
        : current,
    );
    messages.upsert({
      id: `pending-${clientId}`,
      conversationId,
      role: 'operator',
      content,
      clientId,
      emailedTo: null,
      authorName: me.name,
      authorUserId: me.id,
      replyToId: null,
      outcome: null,
      citations: null,
      feedback: null,
      offersHandoff: false,
      createdAt: new Date(),
    });
    reply.mutate({ workspaceId, conversationId, content, clientId });
  };

  // ---- Drawing ---------------------------------------------------------------------------------
  const mainRef = useRef<HTMLElement>(null);
  if (thread.isPending)
    return (
      <div className="rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="h-14 border-b border-slate-200 dark:border-slate-800" />
        <ThreadSkeleton />
        <span className="sr-only" role="status">
          {t('inbox:conversation.loading')}
        </span>
      </div>
    );
  // A failed background re-read keeps the conversation on screen (the stream keeps it current).
  if (!data || thread.error?.data?.code === 'NOT_FOUND')
    return (
      <div
        role="alert"
        className="rounded-lg border border-red-200 bg-red-50 p-6 text-sm text-red-900 dark:border-red-900 dark:bg-red-950/50 dark:text-red-200"
      >
        <p>{thread.error?.message ?? t('inbox:conversation.loadFailed')}</p>
        {thread.error?.data?.code !== 'NOT_FOUND' && (
          <button type="button" className={`${buttonSecondary} mt-3`} onClick={() => void thread.refetch()}>
            {t('common:actions.retry')}
          </button>
        )}
      </div>
    );

  const { conversation } = data;
  const visitorName = visitorLabel(data.visitor, t);
  const isHuman = conversation.handler === 'human';
  const someoneElse =
    isHuman && conversation.assignee && conversation.assignee.id !== me.id ? conversation.assignee.name : null;
  const isClosed = conversation.status === 'resolved' || conversation.status === 'archived';
  // Typing shows under the thread; here, who else has it open.
  const viewers = [...online.values()].filter(
    (person) => person.userId !== me.id && (person.viewing === conversationId || person.typingIn === conversationId),
  );
  const typingLabels = Object.keys(typing).map((key) =>
    key === 'visitor'
      ? t('inbox:conversation.typing', { name: visitorName })
      : key === 'bot'
        ? t('inbox:conversation.botWriting')
        : t('inbox:conversation.typing', { name: key.slice('operator:'.length) }),
  );

  return (
    <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_17rem]">
      <section
        ref={mainRef}
        aria-labelledby={headingId}
        className="flex flex-col rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
      >
        <ConversationHeader
          conversationId={conversationId}
          conversation={conversation}
          visitorName={visitorName}
          headingId={headingId}
          me={me}
          members={members}
          actions={actions}
          viewers={viewers}
        />
        <ConversationThread
          messages={messages.messages}
          streams={Object.values(streams)}
          typing={typingLabels}
          visitorName={visitorName}
        />
        {isClosed ? (
          <p className="border-t border-slate-200 p-4 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
            {conversation.status === 'archived'
              ? t('inbox:conversation.closedArchived')
              : t('inbox:conversation.closedResolved')}
          </p>
        ) : someoneElse ? (
          <p className="border-t border-slate-200 p-4 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
            {t('inbox:conversation.handledBy', { name: someoneElse })}
          </p>
        ) : (
          <ReplyComposer
            onSend={send}
            onTyping={(isTyping) => sendTyping.mutate({ workspaceId, conversationId, isTyping })}
            isDisabled={false}
            restore={restore}
            placeholder={
              isHuman
                ? t('inbox:conversation.replyPlaceholder', { name: visitorName })
                : t('inbox:conversation.replyTakeOverPlaceholder', { name: visitorName })
            }
          />
        )}
      </section>
      <aside
        aria-label={t('inbox:conversation.aboutLabel')}
        className="space-y-6 self-start rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      >
        <VisitorPanel thread={data} />
        <NotesPanel conversationId={conversationId} notes={notes.messages} />
        <VisitorPrivacy visitorId={data.visitor.id} conversationId={conversationId} />
      </aside>
    </div>
  );
}
