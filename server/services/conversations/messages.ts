import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { conversations, messages, type TConversation, type TMessage } from '../../../db/schema';
import type { EventBus } from '../../events/bus';
import { presentMessage } from '../answering/events';
import { countUsage } from './usage';

export const MAX_MESSAGE_CHARS = 2000;

/** What a visitor (or a team member in the playground) may send. */
export const ZVisitorMessage = z
  .string({ error: 'Type a message.' })
  .trim()
  .min(1, 'Type a message.')
  .max(MAX_MESSAGE_CHARS, `Keep your message to ${MAX_MESSAGE_CHARS.toLocaleString('en')} characters or fewer.`);

/** A sender's own id for a message (e.g. a UUID the widget made): resending it does not store it twice. */
export const ZClientId = z
  .string({ error: 'Send the message id as text.' })
  .min(8, 'The message id is too short.')
  .max(64, 'The message id is too long.')
  .regex(/^[\w-]+$/, 'The message id may hold letters, digits, "-" and "_" only.');

/**
 * Stores a visitor message once: a resend with the same `clientId` (after
 * a reconnect, from an offline queue) returns the stored one with
 * `isNew: false`, and nothing is counted or published twice. Counts it in
 * the day's usage and publishes `message.created` with the write.
 */
export async function receiveVisitorMessage(
  deps: { db: Db; bus: Pick<EventBus, 'publish'> },
  input: { conversation: TConversation; content: string; clientId: string },
): Promise<{ message: TMessage; isNew: boolean }> {
  const { conversation } = input;
  return deps.db.transaction(async (transaction) => {
    const tx = transaction as unknown as Db;
    const [inserted] = await tx
      .insert(messages)
      .values({
        workspaceId: conversation.workspaceId,
        conversationId: conversation.id,
        role: 'visitor',
        content: input.content,
        clientId: input.clientId,
      })
      .onConflictDoNothing({ target: [messages.conversationId, messages.clientId] })
      .returning();
    if (!inserted) {
      const [existing] = await tx
        .select()
        .from(messages)
        .where(and(eq(messages.conversationId, conversation.id), eq(messages.clientId, input.clientId)));
      return { message: existing!, isNew: false };
    }
    await tx
      .update(conversations)
      .set({ lastMessageAt: inserted.createdAt })
      .where(eq(conversations.id, conversation.id));
    await countUsage(tx, { workspaceId: conversation.workspaceId, chatbotId: conversation.chatbotId, messages: 1 });
    await deps.bus.publish(
      'message.created',
      {
        workspaceId: conversation.workspaceId,
        chatbotId: conversation.chatbotId,
        conversationId: conversation.id,
        message: presentMessage(inserted),
      },
      { tx },
    );
    return { message: inserted, isNew: true };
  });
}
