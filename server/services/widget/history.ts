import { and, desc, eq, lt } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { messages, users, visitors } from '../../../db/schema';
import type { TVisitorCtx } from './context';
import { currentConversation, widgetConversationOf } from './conversation';
import { presentStoredMessage } from '../conversations/message-view';
import { toWidgetMessage } from './present';
import { encodeEventId } from './stream';

/** Message rows with what the widget shows as the author's name. */
const messagesWithAuthors = (db: Db) =>
  db
    .select({ message: messages, operatorName: users.name })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId));

/**
 * A page of the current conversation, newest page first, oldest message
 * first within it. `cursor` is an event id: subscribing with it as
 * `lastEventId` replays whatever arrives after this read.
 */
export async function widgetHistory(ctx: TVisitorCtx, input: { before?: string | null; limit?: number }) {
  const limit = input.limit ?? 30;
  // Read before the messages: anything stored in between is then replayed rather than missed.
  const [seqRow] = await ctx.db
    .select({ seq: visitors.messageSeq })
    .from(visitors)
    .where(eq(visitors.id, ctx.visitor.id));
  const cursor = encodeEventId(seqRow?.seq ?? 0, 'history');
  const conversation = await currentConversation(ctx.db, ctx.visitor.id);
  if (!conversation) return { conversation: null, messages: [], hasMore: false, nextBefore: null, cursor };
  const rows = await messagesWithAuthors(ctx.db)
    .where(
      and(
        eq(messages.conversationId, conversation.id),
        input.before ? lt(messages.seq, Number(input.before)) : undefined,
      ),
    )
    .orderBy(desc(messages.seq))
    .limit(limit + 1);
  const hasMore = rows.length > limit;
  const page = rows.slice(0, limit).reverse();
  return {
    conversation: await widgetConversationOf(ctx.db, conversation),
    messages: page.map((row) =>
      toWidgetMessage(
        presentStoredMessage(row.message, { chatbotName: ctx.chatbot.name, operatorName: row.operatorName }),
      ),
    ),
    hasMore,
    nextBefore: hasMore && page[0] ? String(page[0].message.seq) : null,
    cursor,
  };
}
