import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import {
  chatbots,
  conversationNotices,
  conversations,
  memberships,
  messages,
  users,
  visitors,
} from '../../../db/schema';
import { appUrl, type TEnv } from '../../env';
import type { BusEvent, EventBus, TPublished } from '../../events/bus';
import type { JobQueue } from '../../jobs/queue';
import type { Logger } from '../../logger';
import type { AnswerRunner } from '../answering/runner';
import type { TConversationView } from '../conversations/events';
import { queueMail } from '../mail/send';
import type { TMailDraft } from '../mail/templates';
import { translateMessage } from '../../../shared/i18n/server';
import type { Presence } from './presence';
import type { TAppLanguage } from '../../../shared/languages';

/** At most one hand-off e-mail per conversation in this long. */
export const HANDOFF_MAIL_COOLDOWN_MINUTES = 30;

/** The hand-off e-mail to one member, in their language (an anonymous visitor has sentences of their own). */
function handoffMail(
  recipient: { email: string; preferences: { language: TAppLanguage } },
  about: { chatbotName: string | null; visitor: string | null; lastQuestion: string | null },
  url: string,
): TMailDraft {
  const language = recipient.preferences.language;
  const names = {
    visitor: about.visitor ?? '',
    chatbot: about.chatbotName ?? translateMessage(language, 'mail:handoff.yourChatbot'),
  };
  return {
    to: recipient.email,
    language,
    subject: { key: about.visitor ? 'mail:handoff.subject' : 'mail:handoff.subjectAnonymous', values: names },
    heading: 'mail:handoff.heading',
    paragraphs: [
      { key: about.visitor ? 'mail:handoff.body' : 'mail:handoff.bodyAnonymous', values: names },
      ...(about.lastQuestion ? [{ key: 'mail:handoff.lastMessage', values: { message: about.lastQuestion } }] : []),
    ],
    action: { label: 'mail:handoff.action', url },
    footer: { key: 'mail:handoff.footer', values: { minutes: HANDOFF_MAIL_COOLDOWN_MINUTES } },
  };
}

/**
 * What happened, not sentences: every member's app words it in their own
 * language (one event goes to the whole team).
 */
export type TNotification = {
  workspaceId: string;
  chatbotId: string;
  conversationId: string;
  kind: 'conversation.created' | 'handoff.requested';
  /** Null when the chatbot could not be read. */
  chatbotName: string | null;
  /** The visitor's name, else their e-mail; null for an anonymous visitor. */
  visitorName: string | null;
  /** A hand-off's last visitor message, shortened; null on new conversations and when there is none. */
  lastQuestion: string | null;
};

declare module '../../events/types' {
  // Declaration merging (how domains add events) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyEvents {
    /** Something the team should notice now (a toast, a browser notification): once per occurrence across processes. */
    notification: TNotification;
  }
}

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** E-mails the members who want it that a visitor waits for a person (no one was online). */
    'inbox.handoff-mail': { conversationId: string };
  }
}

const snippet = (text: string, max = 140) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

async function describe(db: Db, conversation: Pick<TConversationView, 'id' | 'chatbotId' | 'visitorId'>) {
  const [row] = await db
    .select({ chatbotName: chatbots.name, visitorName: visitors.name, visitorEmail: visitors.email })
    .from(chatbots)
    .innerJoin(visitors, eq(visitors.id, conversation.visitorId))
    .where(eq(chatbots.id, conversation.chatbotId));
  return {
    chatbotName: row?.chatbotName ?? null,
    visitor: row?.visitorName ?? row?.visitorEmail ?? null,
    lastQuestion: await lastQuestionOf(db, conversation.id),
  };
}

/** The visitor's latest message in the conversation, shortened. */
async function lastQuestionOf(db: Db, conversationId: string) {
  const [question] = await db
    .select({ content: messages.content })
    .from(messages)
    .where(and(eq(messages.conversationId, conversationId), eq(messages.role, 'visitor')))
    .orderBy(desc(messages.seq))
    .limit(1);
  return question ? snippet(question.content) : null;
}

/** One occurrence the team may be told about. */
type TNoticeRequest = {
  workspaceId: string;
  conversation: TConversationView;
  kind: TNotification['kind'];
  occurredAt: Date;
};

const noticeKey = (conversationId: string, kind: string, occurredAt: Date) =>
  `${conversationId} ${kind} ${occurredAt.getTime()}`;

/**
 * Publishes one `notification` per occurrence (a conversation began, a
 * visitor asked for a person), however many processes heard it: the
 * notice row's primary key lets exactly one insert it, in the same
 * transaction as the events. Several occurrences share one transaction,
 * one multi-row insert, one read of the names and one NOTIFY statement
 * (a burst of new conversations costs a few statements, not five each).
 * Returns, per request, whether this call sent its notification.
 */
async function notifyMany(
  deps: { db: Db; bus: Pick<EventBus, 'publishMany'> },
  requests: TNoticeRequest[],
): Promise<boolean[]> {
  if (requests.length === 0) return [];
  return deps.db.transaction(async (tx) => {
    const keys = requests.map((r) => noticeKey(r.conversation.id, r.kind, r.occurredAt));
    // The same occurrence twice in one batch is claimed (at most) by its first request.
    const firsts = new Map<string, number>();
    keys.forEach((key, i) => firsts.has(key) || firsts.set(key, i));
    const inserted = await tx
      .insert(conversationNotices)
      .values(
        [...firsts.values()].map((i) => ({
          conversationId: requests[i]!.conversation.id,
          kind: requests[i]!.kind,
          occurredAt: requests[i]!.occurredAt,
        })),
      )
      .onConflictDoNothing()
      .returning({
        conversationId: conversationNotices.conversationId,
        kind: conversationNotices.kind,
        occurredAt: conversationNotices.occurredAt,
      });
    const claimedKeys = new Set(inserted.map((row) => noticeKey(row.conversationId, row.kind, row.occurredAt)));
    const claimed = keys.map((key, i) => claimedKeys.has(key) && firsts.get(key) === i);
    const wanted = requests.filter((_, i) => claimed[i]);
    if (wanted.length === 0) return claimed;

    const chatbotNames = new Map(
      (
        await tx
          .select({ id: chatbots.id, name: chatbots.name })
          .from(chatbots)
          .where(inArray(chatbots.id, [...new Set(wanted.map((r) => r.conversation.chatbotId))]))
      ).map((row) => [row.id, row.name]),
    );
    const visitorIds = [
      ...new Set(wanted.flatMap((r) => (r.conversation.visitorId ? [r.conversation.visitorId] : []))),
    ];
    const visitorNames = new Map(
      visitorIds.length === 0
        ? []
        : (
            await tx
              .select({ id: visitors.id, name: visitors.name, email: visitors.email })
              .from(visitors)
              .where(inArray(visitors.id, visitorIds))
          ).map((row) => [row.id, row]),
    );
    const events: TPublished[] = [];
    for (const request of wanted) {
      const { workspaceId, conversation, kind } = request;
      const chatbotName = chatbotNames.get(conversation.chatbotId);
      const visitor = conversation.visitorId ? visitorNames.get(conversation.visitorId) : undefined;
      // As describe() (an inner join): both found, or neither named.
      const isFound = chatbotName !== undefined && visitor !== undefined;
      const about = {
        chatbotName: isFound ? chatbotName : null,
        visitorName: isFound ? (visitor.name ?? visitor.email ?? null) : null,
      };
      const ref = { workspaceId, chatbotId: conversation.chatbotId, conversationId: conversation.id, kind };
      // Hand-off requests are rare: their last question is read one by one.
      const lastQuestion = kind === 'handoff.requested' ? await lastQuestionOf(tx, conversation.id) : null;
      events.push({ type: 'notification', payload: { ...ref, ...about, lastQuestion } });
    }
    await deps.bus.publishMany(events, { tx });
    return claimed;
  });
}

export type TInboxWatcherDeps = {
  db: Db;
  bus: Pick<EventBus, 'publishMany' | 'listen'>;
  jobs: Pick<JobQueue, 'send'>;
  presence: Pick<Presence, 'online'>;
  /** This process's answers: one a person took over here or in another process is stopped. */
  answers?: Pick<AnswerRunner, 'cancel'>;
  log: Logger;
};

/** At most this many conversation events are handled together. */
const MAX_WATCH_BATCH = 500;

/**
 * What every process does with the conversation events it hears: stops
 * its answers in conversations a person took over (the takeover may have
 * happened in another process), and turns new conversations and hand-off
 * requests into `notification` events — and, for a hand-off while no one
 * on the team is online, into the hand-off e-mail job. Events that arrive
 * while a batch is being handled are handled together next, in order.
 */
export function startInboxWatcher(deps: TInboxWatcherDeps) {
  const controller = new AbortController();
  const pending: BusEvent<'conversation.created' | 'conversation.updated'>[] = [];
  let running: Promise<void> | null = null;

  /** The batch's notices in one transaction; if that fails, each alone, so one bad event fails alone. */
  const notify = async (requests: TNoticeRequest[]): Promise<(boolean | null)[]> => {
    try {
      return await notifyMany(deps, requests);
    } catch (err) {
      if (requests.length === 1) {
        deps.log.error({ err, conversationId: requests[0]!.conversation.id }, 'could not notify the team');
        return [null];
      }
      const one: (boolean | null)[] = [];
      for (const request of requests) one.push(...(await notify([request])));
      return one;
    }
  };

  const handle = async (events: BusEvent<'conversation.created' | 'conversation.updated'>[]) => {
    const requests: TNoticeRequest[] = [];
    for (const { type, payload } of events) {
      const { workspaceId, conversation } = payload;
      if (conversation.channel === 'playground') continue;
      if (conversation.handler === 'human') deps.answers?.cancel(conversation.id);
      if (type === 'conversation.created')
        requests.push({ workspaceId, conversation, kind: type, occurredAt: conversation.createdAt });
      if (conversation.status === 'pending' && conversation.handoffRequestedAt)
        requests.push({
          workspaceId,
          conversation,
          kind: 'handoff.requested',
          occurredAt: conversation.handoffRequestedAt,
        });
    }
    const sent = await notify(requests);
    for (const [i, request] of requests.entries()) {
      // The job checks again when it runs; not queueing it while someone is online saves the work.
      if (request.kind !== 'handoff.requested' || !sent[i] || deps.presence.online(request.workspaceId).length)
        continue;
      await deps.jobs
        .send(
          'inbox.handoff-mail',
          { conversationId: request.conversation.id },
          { singletonKey: `handoff-mail:${request.conversation.id}` },
        )
        .catch((err: unknown) =>
          deps.log.error({ err, conversationId: request.conversation.id }, 'could not notify the team'),
        );
    }
  };

  const drain = async () => {
    try {
      while (pending.length > 0) await handle(pending.splice(0, MAX_WATCH_BATCH));
    } catch (err) {
      deps.log.error({ err }, 'the inbox watcher stopped');
    } finally {
      running = null;
    }
  };

  deps.bus.listen(
    ['conversation.created', 'conversation.updated'],
    (event) => {
      pending.push(event);
      running ??= drain();
    },
    { signal: controller.signal },
  );
  return {
    close: async () => {
      controller.abort();
      // What was heard before closing is still handled.
      while (running) await running;
    },
  };
}

/**
 * The `inbox.handoff-mail` job: e-mails every member whose preference
 * allows it that a visitor waits for a person — if the conversation still
 * waits, no one on the team is online, and no such e-mail went out for it
 * in the cooldown. Decided under the conversation's lock, so two jobs
 * cannot both send.
 */
export async function sendHandoffMail(
  deps: { db: Db; jobs: JobQueue; env: TEnv; presence: Pick<Presence, 'online'> },
  input: { conversationId: string },
): Promise<{ sent: number; skipped?: 'not-pending' | 'someone-online' | 'cooldown' }> {
  const decided = await deps.db.transaction(async (tx) => {
    const [conversation] = await tx
      .select()
      .from(conversations)
      .where(eq(conversations.id, input.conversationId))
      .for('update');
    if (!conversation || conversation.status !== 'pending') return { skipped: 'not-pending' as const };
    if (deps.presence.online(conversation.workspaceId).length) return { skipped: 'someone-online' as const };
    const [recent] = await tx
      .select({ at: conversationNotices.occurredAt })
      .from(conversationNotices)
      .where(
        and(
          eq(conversationNotices.conversationId, conversation.id),
          eq(conversationNotices.kind, 'handoff.email'),
          gt(conversationNotices.occurredAt, sql`now() - ${`${HANDOFF_MAIL_COOLDOWN_MINUTES} minutes`}::interval`),
        ),
      )
      .limit(1);
    if (recent) return { skipped: 'cooldown' as const };
    await tx
      .insert(conversationNotices)
      .values({ conversationId: conversation.id, kind: 'handoff.email', occurredAt: new Date() });
    const recipients = await tx
      .select({ email: users.email, name: users.name, preferences: users.preferences })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(
          eq(memberships.workspaceId, conversation.workspaceId),
          sql`coalesce((${users.preferences} -> 'notifications' ->> 'emailOnHandoff')::boolean, true)`,
        ),
      );
    return { conversation, recipients, about: await describe(tx, conversation) };
  });
  if ('skipped' in decided) return { sent: 0, skipped: decided.skipped };
  // Queued after the commit: the mail job runs on its own connection and must see the rows.
  const url = `${appUrl(deps.env)}/app/inbox/${decided.conversation.id}`;
  for (const recipient of decided.recipients) await queueMail(deps, handoffMail(recipient, decided.about, url));
  return { sent: decided.recipients.length };
}
