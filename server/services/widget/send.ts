import { AppError } from '../../errors';
import { messagesTotal } from '../../metrics';
import { limitersOf, type TVisitorCtx } from './context';
import { consumeConversationLimits } from './conversation';
import { consumeWidgetLimits, LIMIT_MESSAGES, refundWidgetLimits } from './limits';
import { presentStoredMessage } from '../conversations/message-view';
import { toWidgetMessage } from './present';
import { batcherOf, storedMessageOf } from './send-batch';

/**
 * Stores a visitor message once per `clientId` (a resend, in any of the
 * visitor's conversations, returns the stored one without spending rate
 * limits), opening a conversation when the visitor has none, and starts
 * the bot's answer when the bot handles the conversation. The message and
 * everything it causes are published with the write.
 *
 * Messages are written in batches (SendBatcher): concurrent sends share
 * one transaction. A visitor without a conversation is sent back once to
 * spend the new-conversation limits, which live in the database and so
 * cannot be spent inside the transaction (PGlite has one connection).
 */
export async function sendWidgetMessage(ctx: TVisitorCtx, input: { content: string; clientId: string }) {
  const receivedAt = performance.now();
  const limiters = limitersOf(ctx);
  const messageLimits = [
    { limiter: limiters.messageVisitor, key: ctx.visitor.id },
    { limiter: limiters.messageIp, key: ctx.ip },
  ];
  try {
    await consumeWidgetLimits(messageLimits, LIMIT_MESSAGES.message);
  } catch (error) {
    // A resend of a stored message is answered even over the limit (an offline queue replaying).
    const stored = error instanceof AppError ? await storedMessageOf(ctx.db, ctx.visitor.id, input.clientId) : null;
    if (stored) return toWidgetMessage(presentStoredMessage(stored));
    throw error;
  }

  const batcher = batcherOf(ctx.database);
  let outcome = await batcher.send(ctx, input, false);
  if (outcome.kind === 'needs-conversation') {
    await consumeConversationLimits(ctx);
    outcome = await batcher.send(ctx, input, true);
  }
  if (outcome.kind === 'failed') throw outcome.error;
  if (outcome.kind !== 'stored') throw new Error('A message was sent back twice for a conversation.');
  // A resend spends nothing.
  if (!outcome.isNew) await refundWidgetLimits(messageLimits);
  else messagesTotal.inc({ direction: 'in', role: 'visitor' });
  if (outcome.willAnswer) {
    ctx.answers.start({ messageId: outcome.message.id, conversationId: outcome.message.conversationId, receivedAt });
  }
  return toWidgetMessage(presentStoredMessage(outcome.message));
}
