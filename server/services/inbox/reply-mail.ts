import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { chatbots, conversations, messages, users } from '../../../db/schema';
import type { TEnv } from '../../env';
import type { JobQueue } from '../../jobs/queue';
import { queueMail } from '../mail/send';
import { renderMail } from '../mail/templates';

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** E-mails a member's reply to the visitor who left an address when nobody was online. */
    'inbox.reply-mail': { messageId: string };
  }
}

const WHO: Record<string, string> = { visitor: 'You', bot: 'Assistant', system: 'Notice' };

/** The conversation as plain lines, oldest first, for the copy the visitor asked for. */
const transcriptOf = async (db: Db, conversationId: string) => {
  const rows = await db
    .select({ role: messages.role, content: messages.content, author: users.name })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .where(and(eq(messages.conversationId, conversationId), inArray(messages.role, ['visitor', 'bot', 'operator'])))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  return rows.map((row) => `${row.role === 'operator' ? (row.author ?? 'Team') : WHO[row.role]}: ${row.content}`);
};

/**
 * The `inbox.reply-mail` job: the reply, from the member by name, to the
 * address the visitor left — with a copy of the conversation the first
 * time, when they asked for one (marked under the conversation's lock, so
 * two replies do not both attach it).
 */
export async function sendReplyMail(deps: { db: Db; jobs: JobQueue; env: TEnv }, input: { messageId: string }) {
  const decided = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .select({ message: messages, author: users.name })
      .from(messages)
      .leftJoin(users, eq(users.id, messages.authorUserId))
      .where(eq(messages.id, input.messageId));
    if (!row?.message.emailedTo) return null;
    const [conversation] = await tx
      .select()
      .from(conversations)
      .where(eq(conversations.id, row.message.conversationId))
      .for('update');
    if (!conversation) return null;
    const [chatbot] = await tx
      .select({ name: chatbots.name })
      .from(chatbots)
      .where(eq(chatbots.id, conversation.chatbotId));
    let transcript: string[] | null = null;
    if (conversation.wantsTranscript && !conversation.transcriptSentAt) {
      const [marked] = await tx
        .update(conversations)
        .set({ transcriptSentAt: new Date() })
        .where(and(eq(conversations.id, conversation.id), isNull(conversations.transcriptSentAt)))
        .returning({ id: conversations.id });
      if (marked) transcript = await transcriptOf(tx, conversation.id);
    }
    return {
      to: row.message.emailedTo,
      content: row.message.content,
      author: row.author ?? 'The team',
      chatbot: chatbot?.name ?? 'the chat',
      transcript,
    };
  });
  if (!decided) return { sent: false };
  await queueMail(
    deps,
    renderMail({
      to: decided.to,
      subject: `${decided.author} replied to your chat with ${decided.chatbot}`,
      heading: `${decided.author} replied`,
      paragraphs: [
        decided.content,
        ...(decided.transcript ? ['Your conversation so far:', ...decided.transcript] : []),
      ],
      footer: `You asked for the reply by e-mail when nobody was online in the ${decided.chatbot} chat. Open the chat on the website to continue there.`,
    }),
  );
  return { sent: true, withTranscript: !!decided.transcript };
}
