/** Shared by the browser and the server: no server imports here (types only). */
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { TFunction } from 'i18next';
import type { TFormat } from './format';
import type { AppRouter } from '../../server/trpc/router';

type TOutputs = inferRouterOutputs<AppRouter>['inbox'];
type TInputs = inferRouterInputs<AppRouter>['inbox'];

export type TInboxList = TOutputs['list'];
export type TInboxItem = TInboxList['items'][number];
export type TInboxThread = TOutputs['get'];
export type TInboxMessage = TInboxThread['messages'][number];
export type TInboxNote = TInboxThread['notes'][number];
export type TInboxStats = TOutputs['stats'];
export type TInboxListInput = TInputs['list'];

export const STATUSES = ['open', 'pending', 'resolved', 'archived', 'all'] as const;
export type TStatusFilter = (typeof STATUSES)[number];
export const ASSIGNEES = ['anyone', 'me', 'unassigned'] as const;
export type TAssigneeFilter = (typeof ASSIGNEES)[number];
export const HANDLERS = ['bot', 'human'] as const;

/** The keys of the status tabs' names. */
export const STATUS_LABELS = {
  open: 'inbox:status.open',
  pending: 'inbox:status.pending',
  resolved: 'inbox:status.resolved',
  archived: 'inbox:status.archived',
  all: 'inbox:status.all',
} as const satisfies Record<TStatusFilter, string>;

/** What the list shows, read from the address (unknown values fall back, so a hand-edited URL never breaks the page). */
export type TInboxFilters = {
  status: TStatusFilter;
  chatbotId: string | null;
  assignee: TAssigneeFilter;
  handler: 'bot' | 'human' | null;
  from: string | null;
  to: string | null;
  search: string;
  /** The team's own test chats (preview, demo page) instead of visitors' conversations. */
  tests: boolean;
  /** Insight labels: a topic's exact name, a sentiment, a language code. */
  topic: string | null;
  sentiment: 'positive' | 'neutral' | 'negative' | null;
  language: string | null;
};

export const SENTIMENTS = ['positive', 'neutral', 'negative'] as const;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const oneOf = <T extends string>(values: readonly T[], value: string | null, fallback: T): T =>
  values.includes(value as T) ? (value as T) : fallback;

const isDay = (value: string | null) => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value) && !isNaN(Date.parse(value));

export function readFilters(params: URLSearchParams): TInboxFilters {
  const chatbotId = params.get('chatbot');
  return {
    status: oneOf(STATUSES, params.get('status'), 'open'),
    chatbotId: chatbotId && UUID.test(chatbotId) ? chatbotId : null,
    assignee: oneOf(ASSIGNEES, params.get('assignee'), 'anyone'),
    handler: (HANDLERS as readonly string[]).includes(params.get('handler') ?? '')
      ? (params.get('handler') as 'bot' | 'human')
      : null,
    from: isDay(params.get('from')) ? params.get('from') : null,
    to: isDay(params.get('to')) ? params.get('to') : null,
    search: (params.get('q') ?? '').trim().slice(0, 200),
    tests: params.get('tests') === '1',
    topic: params.get('topic')?.trim().slice(0, 100) || null,
    sentiment: (SENTIMENTS as readonly string[]).includes(params.get('sentiment') ?? '')
      ? (params.get('sentiment') as TInboxFilters['sentiment'])
      : null,
    language: /^[a-z]{2,3}$/.test(params.get('language') ?? '') ? params.get('language') : null,
  };
}

/** The address's search part for these filters; defaults are left out so links stay short. */
export function filtersToParams(filters: TInboxFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.status !== 'open') params.set('status', filters.status);
  if (filters.chatbotId) params.set('chatbot', filters.chatbotId);
  if (filters.assignee !== 'anyone') params.set('assignee', filters.assignee);
  if (filters.handler) params.set('handler', filters.handler);
  if (filters.from) params.set('from', filters.from);
  if (filters.to) params.set('to', filters.to);
  if (filters.search) params.set('q', filters.search);
  if (filters.tests) params.set('tests', '1');
  if (filters.topic) params.set('topic', filters.topic);
  if (filters.sentiment) params.set('sentiment', filters.sentiment);
  if (filters.language) params.set('language', filters.language);
  return params;
}

export const hasNarrowingFilters = (filters: TInboxFilters) =>
  !!(
    filters.chatbotId ||
    filters.assignee !== 'anyone' ||
    filters.handler ||
    filters.from ||
    filters.to ||
    filters.tests ||
    filters.topic ||
    filters.sentiment ||
    filters.language
  );

/** The procedure's input for these filters; days are whole days in the operator's own time zone. */
export function listInput(workspaceId: string, filters: TInboxFilters) {
  const startOfDay = (day: string) => new Date(`${day}T00:00:00`);
  const endOfDay = (day: string) => new Date(`${day}T23:59:59.999`);
  return {
    workspaceId,
    status: filters.status,
    ...(filters.chatbotId ? { chatbotId: filters.chatbotId } : {}),
    assignee: filters.assignee,
    ...(filters.handler ? { handler: filters.handler } : {}),
    ...(filters.from ? { from: startOfDay(filters.from) } : {}),
    ...(filters.to ? { to: endOfDay(filters.to) } : {}),
    ...(filters.search ? { search: filters.search } : {}),
    ...(filters.tests ? { tests: true } : {}),
    ...(filters.topic ? { topic: filters.topic } : {}),
    ...(filters.sentiment ? { sentiment: filters.sentiment } : {}),
    ...(filters.language ? { language: filters.language } : {}),
    limit: 30,
  } satisfies TInboxListInput;
}

/** Whether a conversation in this status belongs in the list filtered by `filter`. */
export const statusMatches = (filter: TStatusFilter, status: string) =>
  filter === 'all' || filter === status || (filter === 'open' && status === 'pending');

export type THighlightPart = { text: string; isMatch: boolean };

/**
 * A search snippet from the server marks its matches with `<mark>…</mark>`
 * and nothing else. It is split into text pieces (React escapes each), so
 * whatever else the snippet holds — a visitor's `<script>` included — shows
 * as text.
 */
export function splitHighlight(snippet: string): THighlightPart[] {
  const parts: THighlightPart[] = [];
  let rest = snippet;
  while (rest) {
    const open = rest.indexOf('<mark>');
    if (open === -1) {
      parts.push({ text: rest, isMatch: false });
      break;
    }
    if (open > 0) parts.push({ text: rest.slice(0, open), isMatch: false });
    const close = rest.indexOf('</mark>', open + 6);
    const end = close === -1 ? rest.length : close;
    const text = rest.slice(open + 6, end);
    if (text) parts.push({ text, isMatch: true });
    rest = close === -1 ? '' : rest.slice(close + 7);
  }
  return parts;
}

/** "just now", "5 min ago", "yesterday" — for times the list shows, in the reader's language. */
export function timeAgo(value: Date | string, t: TFunction, format: TFormat, now = Date.now()): string {
  const seconds = Math.round((now - new Date(value).getTime()) / 1000);
  if (seconds < 45) return t('inbox:time.justNow');
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return t('inbox:time.minutesAgo', { minutes });
  const hours = Math.round(minutes / 60);
  if (hours < 24) return t('inbox:time.hoursAgo', { hours });
  const days = Math.round(hours / 24);
  if (days < 7) return format.relative(-days, 'day');
  return format.date(value);
}

/** "1 min 20 s" for durations (first response time), in the reader's language. */
export function formatDuration(ms: number | null, t: TFunction): string {
  if (ms === null) return '—';
  // Bots answer within a second or two: tenths tell those apart.
  if (ms < 9_950) return t('inbox:duration.tenths', { seconds: ms / 1000 });
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return t('inbox:duration.seconds', { seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60)
    return seconds % 60
      ? t('inbox:duration.minutesSeconds', { minutes, seconds: seconds % 60 })
      : t('inbox:duration.minutes', { minutes });
  const hours = Math.floor(minutes / 60);
  return minutes % 60
    ? t('inbox:duration.hoursMinutes', { hours, minutes: minutes % 60 })
    : t('inbox:duration.hours', { hours });
}

/** The visitor's name, else their e-mail, else a short stable label. */
export const visitorLabel = (visitor: { id: string; name: string | null; email: string | null }, t: TFunction) =>
  visitor.name || visitor.email || t('inbox:visitor.anonymous', { code: visitor.id.slice(-4).toUpperCase() });

export const inboxPath = (conversationId: string | null, search: string) =>
  `/app/inbox${conversationId ? `/${conversationId}` : ''}${search ? (search.startsWith('?') ? search : `?${search}`) : ''}`;

type TYield<T> = T extends AsyncIterable<infer Y> ? Y : never;

/**
 * One event of `inbox.onEvent` (the bus event: `{ id, type, payload, publishedAt }`, or `ready` once the
 * backlog is out); narrow on `type`.
 */
export type TInboxEvent = TYield<inferRouterOutputs<AppRouter>['inbox']['onEvent']>['data'];

/** Messages between this user's tabs (BroadcastChannel): what one tab changed, the others refetch. */
export type TTabMessage = { type: 'changed'; conversationId: string | null } | { type: 'read'; conversationId: string };
