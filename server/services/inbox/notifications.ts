import { and, desc, eq, gt, sql } from 'drizzle-orm';
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
import type { EventBus } from '../../events/bus';
import type { JobQueue } from '../../jobs/queue';
import type { Logger } from '../../logger';
import type { AnswerRunner } from '../answering/runner';
import type { TConversationView } from '../conversations/events';
import { queueMail } from '../mail';
import { renderMail } from '../mail-templates';
import type { Presence } from './presence';

/** At most one hand-off e-mail per conversation in this long. */
export const HANDOFF_MAIL_COOLDOWN_MINUTES = 30;

export type TNotification = {
  workspaceId: string;
  chatbotId: string;
  conversationId: string;
  kind: 'conversation.created' | 'handoff.requested';
  title: string;
  body: string;
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
  const [question] = await db
    .select({ content: messages.content })
    .from(messages)
    .where(and(eq(messages.conversationId, conversation.id), eq(messages.role, 'visitor')))
    .orderBy(desc(messages.seq))
    .limit(1);
  return {
    chatbotName: row?.chatbotName ?? 'your chatbot',
    visitor: row?.visitorName ?? row?.visitorEmail ?? 'A visitor',
    lastQuestion: question ? snippet(question.content) : null,
  };
}

/**
 * Publishes one `notification` for an occurrence (a conversation began, a
 * visitor asked for a person), however many processes heard it: the
 * notice row's primary key lets exactly one insert it, in the same
 * transaction as the event. Returns whether this call sent it.
 */
async function notifyOnce(
  deps: { db: Db; bus: Pick<EventBus, 'publish'> },
  input: { workspaceId: string; conversation: TConversationView; kind: TNotification['kind']; occurredAt: Date },
) {
  const { workspaceId, conversation, kind, occurredAt } = input;
  return deps.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const [claimed] = await tx
      .insert(conversationNotices)
      .values({ conversationId: conversation.id, kind, occurredAt })
      .onConflictDoNothing()
      .returning({ kind: conversationNotices.kind });
    if (!claimed) return false;
    const about = await describe(tx, conversation);
    const notification: TNotification =
      kind === 'conversation.created'
        ? {
            workspaceId,
            chatbotId: conversation.chatbotId,
            conversationId: conversation.id,
            kind,
            title: `New conversation on ${about.chatbotName}`,
            body: `${about.visitor} started a conversation.`,
          }
        : {
            workspaceId,
            chatbotId: conversation.chatbotId,
            conversationId: conversation.id,
            kind,
            title: `${about.visitor} asked for a person`,
            body: about.lastQuestion ? `On ${about.chatbotName}: “${about.lastQuestion}”` : `On ${about.chatbotName}.`,
          };
    await deps.bus.publish('notification', notification, { tx });
    return true;
  });
}

export type TInboxWatcherDeps = {
  db: Db;
  bus: Pick<EventBus, 'publish' | 'subscribe'>;
  jobs: Pick<JobQueue, 'send'>;
  presence: Pick<Presence, 'online'>;
  /** This process's answers: one a person took over here or in another process is stopped. */
  answers?: Pick<AnswerRunner, 'cancel'>;
  log: Logger;
};

/**
 * What every process does with the conversation events it hears: stops
 * its answers in conversations a person took over (the takeover may have
 * happened in another process), and turns new conversations and hand-off
 * requests into `notification` events — and, for a hand-off while no one
 * on the team is online, into the hand-off e-mail job.
 */
export function startInboxWatcher(deps: TInboxWatcherDeps) {
  const controller = new AbortController();
  const handle = async (
    type: 'conversation.created' | 'conversation.updated',
    { workspaceId, conversation }: { workspaceId: string; conversation: TConversationView },
  ) => {
    if (conversation.channel === 'playground') return;
    if (conversation.handler === 'human') deps.answers?.cancel(conversation.id);
    if (type === 'conversation.created')
      await notifyOnce(deps, { workspaceId, conversation, kind: type, occurredAt: conversation.createdAt });
    if (conversation.status === 'pending' && conversation.handoffRequestedAt) {
      const isNew = await notifyOnce(deps, {
        workspaceId,
        conversation,
        kind: 'handoff.requested',
        occurredAt: conversation.handoffRequestedAt,
      });
      // The job checks again when it runs; not queueing it while someone is online saves the work.
      if (isNew && !deps.presence.online(workspaceId).length)
        await deps.jobs.send(
          'inbox.handoff-mail',
          { conversationId: conversation.id },
          { singletonKey: `handoff-mail:${conversation.id}` },
        );
    }
  };
  const done = (async () => {
    try {
      for await (const event of deps.bus.subscribe(['conversation.created', 'conversation.updated'], {
        signal: controller.signal,
      })) {
        await handle(event.type, event.payload).catch((err: unknown) =>
          deps.log.error({ err, conversationId: event.payload.conversationId }, 'could not notify the team'),
        );
      }
    } catch (err) {
      deps.log.error({ err }, 'the inbox watcher stopped');
    }
  })();
  return {
    close: async () => {
      controller.abort();
      await done;
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
  const decided = await deps.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
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
      .select({ email: users.email, name: users.name })
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
  for (const recipient of decided.recipients)
    await queueMail(
      deps,
      renderMail({
        to: recipient.email,
        subject: `${decided.about.visitor} is waiting for a person on ${decided.about.chatbotName}`,
        heading: 'A visitor asked to talk to a person',
        paragraphs: [
          `${decided.about.visitor} asked ${decided.about.chatbotName} for a person, and no one on your team is online in Parley right now.`,
          ...(decided.about.lastQuestion ? [`Their last message: “${decided.about.lastQuestion}”`] : []),
        ],
        action: { label: 'Open the conversation', url },
        footer: `You get this because your notification settings ask for it; at most one e-mail per conversation every ${HANDOFF_MAIL_COOLDOWN_MINUTES} minutes. Turn it off under Account → Notifications.`,
      }),
    );
  return { sent: decided.recipients.length };
}
