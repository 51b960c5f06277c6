import { and, eq, isNull, ne, or } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import {
  chatbots,
  conversations,
  memberships,
  messages,
  users,
  visitors,
  type TConversation,
} from '../../../db/schema';
import { AppError } from '../../errors';
import { messagesTotal } from '../../metrics';
import type { EventBus } from '../../events/bus';
import type { AnswerRunner } from '../answering/runner';
import { publishConversation } from '../conversations/events';
import { presentStoredMessage } from '../conversations/message-view';
import { typingThrottleFor } from '../conversations/typing-throttle';
import type { TMemberCtx } from '../workspaces/workspaces';
import { CONVERSATION_NOT_FOUND, loadInboxItem } from './items';
import type { JobQueue } from '../../jobs/queue';
import type { Presence } from './presence';
import { toInboxMessage, type TInboxMessage } from './present';

export type THandlingCtx = TMemberCtx & {
  user: { name: string };
  bus: Pick<EventBus, 'publish' | 'listen'>;
  answers: Pick<AnswerRunner, 'cancel'>;
};

export const ARCHIVED_MESSAGE = 'inbox:errors.archived';
export const joinedMessage = (name: string) => `${name} joined the conversation.`;
export const handedBackMessage = (name: string, botName: string) =>
  `${name} left the conversation. ${botName} will answer from here.`;

type TRef = { workspaceId: string; chatbotId: string; conversationId: string };
const refOf = (conversation: TConversation): TRef => ({
  workspaceId: conversation.workspaceId,
  chatbotId: conversation.chatbotId,
  conversationId: conversation.id,
});

/**
 * Locks the conversation's visitor, then reads the conversation. Every
 * write here takes the visitor first, as inserting a message does (its
 * position trigger locks that row), so one lock order holds throughout and
 * a conversation's writers queue up instead of deadlocking.
 */
async function lockConversation(tx: Db, input: { workspaceId: string; conversationId: string }) {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  if (!UUID.test(input.conversationId)) throw new AppError('NOT_FOUND', CONVERSATION_NOT_FOUND);
  const [locked] = await tx
    .select({ visitorId: visitors.id })
    .from(visitors)
    .innerJoin(conversations, eq(conversations.visitorId, visitors.id))
    .where(
      and(
        eq(conversations.id, input.conversationId),
        eq(conversations.workspaceId, input.workspaceId),
        ne(conversations.channel, 'playground'),
      ),
    )
    .for('update', { of: visitors });
  if (!locked) throw new AppError('NOT_FOUND', CONVERSATION_NOT_FOUND);
  const [conversation] = await tx.select().from(conversations).where(eq(conversations.id, input.conversationId));
  return conversation!;
}

/** A line in the conversation from Parley itself (who joined or left), seen by the visitor and the team. */
async function addSystemMessage(
  ctx: { bus: Pick<EventBus, 'publish'> },
  tx: Db,
  conversation: TConversation,
  content: string,
) {
  const [notice] = await tx
    .insert(messages)
    .values({ workspaceId: conversation.workspaceId, conversationId: conversation.id, role: 'system', content })
    .returning();
  await tx.update(conversations).set({ lastMessageAt: notice!.createdAt }).where(eq(conversations.id, conversation.id));
  await ctx.bus.publish('message.created', { ...refOf(conversation), message: presentStoredMessage(notice!) }, { tx });
}

/**
 * Takes the conversation over for the calling member inside `tx`, whose
 * caller has locked it (lockConversation). The claim is one conditional
 * UPDATE … RETURNING: it succeeds only while the bot handles the
 * conversation or no one is assigned, so of two members racing, one
 * updates the row and the other finds it taken and is told by whom.
 * Returns whether anything changed (taking over what one already has
 * changes nothing).
 */
async function claim(ctx: THandlingCtx, tx: Db, conversation: TConversation) {
  if (conversation.status === 'archived') throw new AppError('PRECONDITION_FAILED', ARCHIVED_MESSAGE);
  if (conversation.handler === 'human' && conversation.assignedUserId === ctx.user.id) {
    // Already theirs: at most back to open (a reply to a resolved conversation reopens it), no second "joined".
    if (conversation.status === 'open') return false;
    await tx
      .update(conversations)
      .set({ status: 'open', resolvedAt: null })
      .where(eq(conversations.id, conversation.id));
    return true;
  }
  const [won] = await tx
    .update(conversations)
    .set({ handler: 'human', assignedUserId: ctx.user.id, status: 'open', resolvedAt: null })
    .where(
      and(
        eq(conversations.id, conversation.id),
        ne(conversations.status, 'archived'),
        or(
          eq(conversations.handler, 'bot'),
          isNull(conversations.assignedUserId),
          eq(conversations.assignedUserId, ctx.user.id),
        ),
      ),
    )
    .returning({ id: conversations.id });
  if (!won) {
    const [holder] = await tx
      .select({ name: users.name })
      .from(conversations)
      .innerJoin(users, eq(users.id, conversations.assignedUserId))
      .where(eq(conversations.id, conversation.id));
    throw new AppError(
      'CONFLICT',
      holder
        ? { key: 'inbox:errors.alreadyHandling', values: { name: holder.name } }
        : 'inbox:errors.alreadyHandlingSomeone',
    );
  }
  await addSystemMessage(ctx, tx, conversation, joinedMessage(ctx.user.name));
  return true;
}

/**
 * Runs one change to a conversation in a transaction (its visitor locked
 * first), publishes the conversation as it is now when something changed,
 * and returns its list row. `cancelAnswer`: stop any bot answer being
 * written (after commit, so the bot's next look at the row sees the change).
 */
async function change(
  ctx: THandlingCtx,
  input: { conversationId: string },
  apply: (tx: Db, conversation: TConversation) => Promise<boolean>,
  options: { cancelAnswer?: boolean } = {},
) {
  const result = await ctx.db.transaction(async (tx) => {
    const conversation = await lockConversation(tx, { workspaceId: ctx.workspace.id, ...input });
    const hasChanged = await apply(tx, conversation);
    if (hasChanged)
      await publishConversation(
        { tx, bus: ctx.bus },
        {
          type: 'conversation.updated',
          workspaceId: ctx.workspace.id,
          conversationId: conversation.id,
          before: conversation,
        },
      );
    return { conversation, hasChanged };
  });
  if (result.hasChanged && options.cancelAnswer) ctx.answers.cancel(result.conversation.id);
  return loadInboxItem(ctx.db, {
    workspaceId: ctx.workspace.id,
    userId: ctx.user.id,
    conversationId: result.conversation.id,
  });
}

/**
 * The calling member takes the conversation over: the bot stops (an answer
 * being written is cancelled), the conversation is theirs and open, and
 * the visitor reads that they joined. A second member gets CONFLICT naming
 * the first.
 */
export const takeOver = (ctx: THandlingCtx, input: { conversationId: string }) =>
  change(ctx, input, (tx, conversation) => claim(ctx, tx, conversation), { cancelAnswer: true });

/** Back to the bot: it answers the visitor's next message; the visitor reads that the person left. */
export const handBack = (ctx: THandlingCtx, input: { conversationId: string }) =>
  change(ctx, input, async (tx, conversation) => {
    if (conversation.handler === 'bot') return false;
    await tx
      .update(conversations)
      .set({ handler: 'bot', status: conversation.status === 'pending' ? 'open' : conversation.status })
      .where(eq(conversations.id, conversation.id));
    const [chatbot] = await tx
      .select({ name: chatbots.name })
      .from(chatbots)
      .where(eq(chatbots.id, conversation.chatbotId));
    await addSystemMessage(ctx, tx, conversation, handedBackMessage(ctx.user.name, chatbot?.name ?? 'The assistant'));
    return true;
  });

export const NOT_A_MEMBER = 'inbox:errors.notAMember';

/**
 * Assigns the conversation to a member (null: to no one). While a person
 * handles it, the assignee is that person, so the visitor sees the new name.
 */
export const assign = (ctx: THandlingCtx, input: { conversationId: string; userId: string | null }) =>
  change(ctx, input, async (tx, conversation) => {
    if (input.userId) {
      const [member] = await tx
        .select({ userId: memberships.userId })
        .from(memberships)
        .where(and(eq(memberships.workspaceId, ctx.workspace.id), eq(memberships.userId, input.userId)));
      if (!member) throw new AppError('BAD_REQUEST', NOT_A_MEMBER);
    }
    if (conversation.assignedUserId === input.userId) return false;
    await tx.update(conversations).set({ assignedUserId: input.userId }).where(eq(conversations.id, conversation.id));
    return true;
  });

const setStatus =
  (status: 'open' | 'resolved' | 'archived') => (ctx: THandlingCtx, input: { conversationId: string }) =>
    change(
      ctx,
      input,
      async (tx, conversation) => {
        if (conversation.status === status) return false;
        await tx
          .update(conversations)
          .set({ status, resolvedAt: status === 'open' ? null : (conversation.resolvedAt ?? new Date()) })
          .where(eq(conversations.id, conversation.id));
        return true;
      },
      // A resolved or archived conversation gets no more answers.
      { cancelAnswer: status !== 'open' },
    );

export const resolve = setStatus('resolved');
export const reopen = setStatus('open');
export const archive = setStatus('archived');

/** An operator reply may be longer than a visitor's message (instructions, steps), not unbounded. */
export const MAX_REPLY_CHARS = 5000;

/**
 * A reply from the calling member, once per `clientId` (a resend returns
 * the stored one). Replying to a conversation the bot handles takes it
 * over first; one another member handles is refused with their name.
 */
export async function reply(
  ctx: THandlingCtx & { presence?: Pick<Presence, 'online' | 'typing'>; jobs?: Pick<JobQueue, 'send'> },
  input: { conversationId: string; content: string; clientId: string },
): Promise<TInboxMessage> {
  const stored = await ctx.db.transaction(async (tx) => {
    const conversation = await lockConversation(tx, { workspaceId: ctx.workspace.id, ...input });
    const [existing] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.conversationId, conversation.id), eq(messages.clientId, input.clientId)));
    if (existing) {
      // A resend of this member's reply; an id someone else's message already has is refused, not returned.
      if (existing.role !== 'operator' || existing.authorUserId !== ctx.user.id)
        throw new AppError('BAD_REQUEST', 'inbox:errors.clientIdTaken');
      return { message: existing, hasClaimed: false };
    }
    const hasClaimed = await claim(ctx, tx, conversation);
    const [message] = await tx
      .insert(messages)
      .values({
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        role: 'operator',
        authorUserId: ctx.user.id,
        content: input.content,
        clientId: input.clientId,
        // The visitor left an address when nobody was online: the reply goes there too (reply-mail.ts).
        emailedTo: conversation.replyEmail,
      })
      .returning();
    messagesTotal.inc({ direction: 'out', role: 'operator' });
    await tx
      .update(conversations)
      .set({ lastMessageAt: message!.createdAt })
      .where(eq(conversations.id, conversation.id));
    await ctx.bus.publish(
      'message.created',
      {
        ...refOf(conversation),
        message: presentStoredMessage(message!, { chatbotName: null, operatorName: ctx.user.name }),
      },
      { tx },
    );
    if (hasClaimed)
      await publishConversation(
        { tx, bus: ctx.bus },
        {
          type: 'conversation.updated',
          workspaceId: ctx.workspace.id,
          conversationId: conversation.id,
          before: conversation,
        },
      );
    return { message: message!, hasClaimed, conversation };
  });
  if (stored.hasClaimed) ctx.answers.cancel(stored.message.conversationId);
  if (stored.conversation && stored.message.emailedTo)
    await ctx.jobs?.send('inbox.reply-mail', { messageId: stored.message.id }, { singletonKey: stored.message.id });
  // The reply ends the member's typing in it (the visitor's "… is typing" goes away with the message).
  if (stored.conversation && ctx.presence) {
    const me = ctx.presence.online(ctx.workspace.id).find((member) => member.userId === ctx.user.id);
    if (me?.typingIn === stored.conversation.id)
      await operatorTyping(ctx as THandlingCtx & { presence: Pick<Presence, 'typing'> }, {
        conversationId: stored.conversation.id,
        isTyping: false,
        conversation: stored.conversation,
      });
  }
  return toInboxMessage(presentStoredMessage(stored.message, { chatbotName: null, operatorName: ctx.user.name }));
}

/**
 * The member is (or stopped) typing a reply: the visitor's widget and the
 * team see it, and presence shows where. Throttled per member and
 * conversation across every process; a "stopped" that comes with the
 * conversation (a reply was sent) always goes out.
 */
export async function operatorTyping(
  ctx: THandlingCtx & { presence: Pick<Presence, 'typing'> },
  input: { conversationId: string; isTyping: boolean; conversation?: TConversation },
) {
  const typist = { who: 'operator' as const, userId: ctx.user.id, conversationId: input.conversationId };
  if (!typingThrottleFor(ctx.bus).admit(typist, input.isTyping, { force: !!input.conversation }))
    return { ok: true as const };
  const conversation =
    input.conversation ??
    (await ctx.db
      .select()
      .from(conversations)
      .where(
        and(
          eq(conversations.id, input.conversationId),
          eq(conversations.workspaceId, ctx.workspace.id),
          ne(conversations.channel, 'playground'),
        ),
      )
      .then(([row]) => row));
  if (!conversation) throw new AppError('NOT_FOUND', CONVERSATION_NOT_FOUND);
  await ctx.bus.publish('typing', {
    ...refOf(conversation),
    who: 'operator',
    name: ctx.user.name,
    isTyping: input.isTyping,
    actorId: ctx.user.id,
  });
  await ctx.presence.typing({
    workspaceId: ctx.workspace.id,
    userId: ctx.user.id,
    name: ctx.user.name,
    conversationId: conversation.id,
    chatbotId: conversation.chatbotId,
    isTyping: input.isTyping,
  });
  return { ok: true as const };
}
