import { and, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../db/client';
import { chatbots, conversations, messages } from '../../../db/schema';

/** A reply is overdue after this long; a live answer (timeouts included) ends well within it. */
export const RECOVER_AFTER_MS = 2 * 60_000;
/**
 * Older messages are left alone: past a few minutes the visitor has moved
 * on, and an answer then reads as out of context.
 */
export const RECOVER_WITHIN_MS = 10 * 60_000;

/**
 * Visitor messages the bot still owes an answer (its process stopped
 * mid-answer): each is the newest message of its conversation — nothing
 * came after it, no newer question, no person, no notice — in an open
 * conversation the bot handles, of a chatbot that answers by itself (a
 * human-only chatbot never does), between `olderThanMs` and
 * `withinMs` old, and without a reply.
 */
export async function findOverdueMessages(
  db: Db,
  options: { olderThanMs?: number; withinMs?: number; limit?: number } = {},
) {
  const reply = alias(messages, 'reply');
  const later = alias(messages, 'later');
  return db
    .select({ messageId: messages.id, conversationId: messages.conversationId })
    .from(messages)
    .innerJoin(conversations, eq(conversations.id, messages.conversationId))
    .innerJoin(chatbots, eq(chatbots.id, conversations.chatbotId))
    .leftJoin(reply, eq(reply.replyToId, messages.id))
    .leftJoin(
      later,
      and(
        eq(later.conversationId, messages.conversationId),
        ne(later.id, messages.id),
        sql`(${later.createdAt}, ${later.id}) > (${messages.createdAt}, ${messages.id})`,
      ),
    )
    .where(
      and(
        eq(messages.role, 'visitor'),
        eq(conversations.handler, 'bot'),
        eq(conversations.status, 'open'),
        sql`coalesce(${chatbots.settings} ->> 'responseMode', 'ai') <> 'human'`,
        isNull(reply.id),
        isNull(later.id),
        lt(messages.createdAt, sql`now() - ${`${options.olderThanMs ?? RECOVER_AFTER_MS} milliseconds`}::interval`),
        gt(messages.createdAt, sql`now() - ${`${options.withinMs ?? RECOVER_WITHIN_MS} milliseconds`}::interval`),
      ),
    )
    .limit(options.limit ?? 100);
}
