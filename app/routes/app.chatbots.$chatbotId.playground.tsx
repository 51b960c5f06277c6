import type { MetaFunction } from '@remix-run/node';
import { useSearchParams } from '@remix-run/react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { SourceChips, ThumbIcon, TypingDots } from '~/components/chat/message-parts';
import { Markdown } from '~/components/markdown';
import { AnswerDetails, type TPlaygroundMessage } from '~/components/playground/answer-details';
import { useChatbotLayout } from '~/components/chatbots/use-chatbot-layout';
import { useLiveMessages } from '~/hooks/use-live-messages';
import { pageTitle } from '~/lib/meta';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';
import { useTRPC } from '~/lib/trpc';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'playground:meta.title') }];

const MAX_CHARS = 2000;

type TStream = { answerId: string; replyToId: string; text: string };

const newClientId = () => crypto.randomUUID();

/** Thumbs up/down for one answer; pressing the chosen one again clears it. */
function Rating({ message, onRate }: { message: TPlaygroundMessage; onRate: (value: 'up' | 'down' | null) => void }) {
  const { t } = useTranslation();
  const button = (value: 'up' | 'down', label: string) => {
    const isOn = message.feedback === value;
    return (
      <button
        type="button"
        aria-pressed={isOn}
        aria-label={label}
        onClick={() => onRate(isOn ? null : value)}
        className={`rounded px-1.5 py-0.5 text-sm focus-visible:outline-2 focus-visible:outline-brand-600 ${
          isOn
            ? 'bg-brand-100 text-brand-900 dark:bg-brand-900 dark:text-brand-100'
            : 'text-slate-600 hover:bg-slate-100 dark:text-slate-400 dark:hover:bg-slate-800'
        }`}
      >
        <ThumbIcon isDown={value === 'down'} />
      </button>
    );
  };
  return (
    <div className="mt-1 flex gap-1">
      {button('up', t('playground:chat.helpful'))}
      {button('down', t('playground:chat.notHelpful'))}
    </div>
  );
}

/**
 * Chat with the chatbot as a visitor would — same retrieval, prompt and
 * provider as the widget — while the side panel shows what the selected
 * answer was built from. Answers stream in over the WebSocket; the
 * conversation id lives in the address, so a reload keeps it.
 */
export default function Playground() {
  const { t } = useTranslation();
  const { workspaceId, chatbot } = useChatbotLayout();
  const trpc = useTRPC();
  const [searchParams, setSearchParams] = useSearchParams();
  const conversationId = searchParams.get('c');
  const [draft, setDraft] = useState('');
  const [streams, setStreams] = useState<Record<string, TStream>>({});
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [intro, setIntro] = useState<{ greeting: string; suggestedQuestions: string[] } | null>(null);
  const threadEnd = useRef<HTMLLIElement>(null);

  const start = useMutation(
    trpc.playground.start.mutationOptions({
      onSuccess: (data) => {
        setIntro({ greeting: data.greeting, suggestedQuestions: data.suggestedQuestions });
        setStreams({});
        setSelectedId(null);
        setSearchParams({ c: data.conversation.id }, { replace: true, preventScrollReset: true });
      },
      onError: (error) => toast.error(error.message),
    }),
  );
  // A fresh conversation when the page opens without one.
  const startMutate = start.mutate;
  useEffect(() => {
    if (!conversationId && start.isIdle) startMutate({ workspaceId, chatbotId: chatbot.id });
  }, [conversationId, start.isIdle, startMutate, workspaceId, chatbot.id]);

  const input = { workspaceId, conversationId: conversationId ?? '' };
  const getOptions = trpc.playground.get.queryOptions(input, { enabled: !!conversationId, staleTime: Infinity });
  const conversation = useQuery(getOptions);
  // What was read, merged with what arrived live (see the hook: a stale read cannot hide a message).
  const live = useLiveMessages(conversation.data?.messages, conversationId);
  const { messages, upsert: upsertMessage } = live;

  useSubscription(
    trpc.playground.onEvent.subscriptionOptions(input, {
      enabled: !!conversationId,
      // After a reconnect the server replays what was missed; a stream it could not resume reads again.
      onData: ({ data: event }) => {
        if (event.type === 'ready') {
          if (!event.payload.isResumed) void conversation.refetch();
        } else if (event.type === 'answer.delta') {
          const data = event.payload;
          setStreams((all) => {
            const current = all[data.answerId] ?? { answerId: data.answerId, replyToId: data.replyToId, text: '' };
            return { ...all, [data.answerId]: { ...current, text: current.text + data.text } };
          });
        } else if (event.type === 'answer.cancelled') {
          setStreams(({ [event.payload.answerId]: _, ...rest }) => rest);
        } else if (event.type === 'message.created') {
          const { message } = event.payload;
          upsertMessage(message);
          setStreams(({ [message.id]: _, ...rest }) => rest);
          if (message.role === 'bot') setSelectedId(message.id);
        } else if (event.type === 'message.feedback') {
          const { messageId, feedback } = event.payload;
          live.patch(messageId, { feedback });
        }
      },
    }),
  );

  const send = useMutation(
    trpc.playground.send.mutationOptions({
      onSuccess: (message) => upsertMessage(message),
      onError: (error, variables) => {
        toast.error(error.message);
        setDraft(variables.content);
        live.drop(variables.clientId);
      },
    }),
  );
  const rate = useMutation(
    trpc.playground.rate.mutationOptions({
      onSuccess: (result, variables) =>
        toast.success(result.feedback === 'down' ? t('playground:chat.ratedDown') : t('playground:chat.rated'), {
          id: variables.messageId,
        }),
      onError: (error) => toast.error(error.message),
    }),
  );

  const submit = (content: string) => {
    const text = content.trim();
    if (!text || !conversationId) return;
    if (text.length > MAX_CHARS) {
      toast.error(t('playground:chat.tooLong', { maximum: MAX_CHARS }));
      return;
    }
    const clientId = newClientId();
    // Shown at once; replaced by the stored message (same clientId) when the server confirms it.
    upsertMessage({
      id: `pending-${clientId}`,
      conversationId,
      role: 'visitor',
      content: text,
      clientId,
      replyToId: null,
      authorUserId: null,
      outcome: null,
      citations: null,
      retrieval: null,
      provider: null,
      model: null,
      tokensIn: null,
      tokensOut: null,
      firstTokenMs: null,
      latencyMs: null,
      feedback: null,
      offersHandoff: false,
      emailedTo: null,
      createdAt: new Date(),
    });
    setDraft('');
    send.mutate({ workspaceId, conversationId, content: text, clientId });
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit(draft);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter starts a new line (and composing an IME character never sends).
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit(draft);
    }
  };

  const streaming = Object.values(streams);
  // Follows the conversation as messages arrive and answers grow.
  const streamedLength = streaming.reduce((sum, stream) => sum + stream.text.length, 0);
  useEffect(() => {
    threadEnd.current?.scrollIntoView?.({ block: 'nearest' });
  }, [messages.length, streamedLength]);

  const bots = messages.filter((m) => m.role === 'bot');
  const selected = bots.find((m) => m.id === selectedId) ?? bots.at(-1) ?? null;
  const isWaiting =
    send.isPending ||
    (messages.at(-1)?.role === 'visitor' && !streaming.length && !messages.at(-1)?.id.startsWith('pending-'));

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <section
        aria-label={t('playground:chat.conversationLabel')}
        className="flex min-h-[28rem] flex-col rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900"
      >
        <div className="flex items-center justify-between gap-2 border-b border-slate-200 px-4 py-2.5 dark:border-slate-800">
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('playground:chat.intro')}</p>
          <button
            type="button"
            className={buttonSecondary}
            onClick={() => start.mutate({ workspaceId, chatbotId: chatbot.id })}
            disabled={start.isPending}
          >
            {t('playground:chat.newConversation')}
          </button>
        </div>
        <ol
          aria-label={t('playground:chat.messagesLabel')}
          aria-live="polite"
          className="flex-1 space-y-3 overflow-y-auto p-4"
        >
          {intro?.greeting && messages.length === 0 && (
            <li className="max-w-[85%] rounded-2xl rounded-bl-sm bg-slate-100 px-3.5 py-2.5 text-sm text-slate-900 dark:bg-slate-800 dark:text-slate-100">
              {intro.greeting}
            </li>
          )}
          {conversation.isLoading && (
            <li className="h-10 w-2/3 animate-pulse rounded-2xl bg-slate-100 dark:bg-slate-800" aria-hidden />
          )}
          {messages.map((message) =>
            message.role === 'visitor' ? (
              <li key={message.id} className="flex justify-end">
                <div className="max-w-[85%] rounded-2xl rounded-br-sm bg-brand-600 px-3.5 py-2.5 text-sm whitespace-pre-wrap text-white dark:bg-brand-500 dark:text-slate-950">
                  {message.content}
                </div>
              </li>
            ) : (
              <li key={message.id} className="max-w-[85%]">
                <div
                  className={`rounded-2xl rounded-bl-sm bg-slate-100 px-3.5 py-2.5 text-sm text-slate-900 dark:bg-slate-800 dark:text-slate-100 ${
                    selected?.id === message.id ? 'ring-2 ring-brand-400' : ''
                  }`}
                >
                  <Markdown>{message.content}</Markdown>
                </div>
                <button
                  type="button"
                  onClick={() => setSelectedId(message.id)}
                  aria-pressed={selected?.id === message.id}
                  className="mt-1 rounded text-xs font-medium text-brand-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-brand-600 dark:text-brand-300"
                >
                  {t('playground:chat.howThisAnswer')}
                </button>
                <SourceChips citations={message.citations} />
                {message.offersHandoff && (
                  <p className="mt-1 text-xs text-slate-600 dark:text-slate-400">{t('playground:chat.handoffNote')}</p>
                )}
                <Rating
                  message={message}
                  onRate={(feedback) => rate.mutate({ workspaceId, messageId: message.id, feedback })}
                />
              </li>
            ),
          )}
          {streaming.map((stream) => (
            <li key={stream.answerId} className="max-w-[85%]" aria-busy>
              <div className="rounded-2xl rounded-bl-sm bg-slate-100 px-3.5 py-2.5 text-sm text-slate-900 dark:bg-slate-800 dark:text-slate-100">
                <Markdown>{stream.text}</Markdown>
              </div>
            </li>
          ))}
          {isWaiting && (
            <li className="flex px-2 py-1">
              <TypingDots label={t('playground:chat.thinking')} />
            </li>
          )}
          <li ref={threadEnd} aria-hidden="true" />
        </ol>
        {messages.length === 0 && (intro?.suggestedQuestions.length ?? 0) > 0 && (
          <ul aria-label={t('playground:chat.suggestedLabel')} className="flex flex-wrap gap-2 px-4 pb-3">
            {intro!.suggestedQuestions.map((question) => (
              <li key={question}>
                <button
                  type="button"
                  onClick={() => submit(question)}
                  className="rounded-full border border-brand-300 px-3 py-1 text-sm text-brand-800 hover:bg-brand-50 dark:border-brand-700 dark:text-brand-200 dark:hover:bg-brand-950"
                >
                  {question}
                </button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={onSubmit} className="flex items-end gap-2 border-t border-slate-200 p-3 dark:border-slate-800">
          <label htmlFor="playground-message" className="sr-only">
            {t('playground:chat.messageLabel')}
          </label>
          <textarea
            id="playground-message"
            rows={Math.min(6, Math.max(1, draft.split('\n').length))}
            value={draft}
            maxLength={MAX_CHARS}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onKeyDown}
            // Until the conversation exists there is nowhere to send to.
            disabled={!conversationId}
            placeholder={conversationId ? t('playground:chat.placeholder') : t('playground:chat.starting')}
            className="min-h-10 flex-1 resize-none rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-brand-600 focus:outline-2 focus:outline-brand-600 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
          />
          <button type="submit" className={buttonPrimary} disabled={!draft.trim() || !conversationId}>
            {t('playground:chat.send')}
          </button>
        </form>
      </section>
      <aside
        aria-label={t('playground:details.heading')}
        className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      >
        <h2 className="mb-3 text-base font-semibold text-slate-900 dark:text-white">
          {t('playground:details.heading')}
        </h2>
        <AnswerDetails message={selected} />
      </aside>
    </div>
  );
}
