import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { chatbots, conversations, messages, users, visitors } from '../../../db/schema';
import type { TEnv } from '../../env';
import type { JobQueue } from '../../jobs/queue';
import { queueMail } from '../mail/send';
import type { TMailText } from '../mail/templates';
import { languageOfLocale } from '../../../shared/i18n/detect';
import { translateMessage } from '../../../shared/i18n/server';
import type { TAppLanguage } from '../../../shared/languages';

declare module '../../jobs/types' {
  // Declaration merging (how domains add jobs) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyJobs {
    /** E-mails a member's reply to the visitor who left an address when nobody was online. */
    'inbox.reply-mail': { messageId: string };
  }
}

const WHO = { visitor: 'mail:reply.you', bot: 'mail:reply.assistant', system: 'mail:reply.notice' } as const;

/** The conversation as plain lines, oldest first, for the copy the visitor asked for. */
const transcriptOf = async (db: Db, conversationId: string, language: TAppLanguage) => {
  const rows = await db
    .select({ role: messages.role, content: messages.content, author: users.name })
    .from(messages)
    .leftJoin(users, eq(users.id, messages.authorUserId))
    .where(and(eq(messages.conversationId, conversationId), inArray(messages.role, ['visitor', 'bot', 'operator'])))
    .orderBy(asc(messages.createdAt), asc(messages.id));
  // Each line is "<who>: <what they wrote>"; the who is translated when the mail is written, the words never.
  return rows.map((row): TMailText => ({
    key: 'mail:reply.line',
    values: {
      who:
        row.role === 'operator'
          ? (row.author ?? translateMessage(language, 'mail:reply.team'))
          : translateMessage(language, WHO[row.role as keyof typeof WHO]),
      text: row.content,
    },
  }));
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
    // The visitor has no account: write in their browser's language when Parley speaks it.
    const [visitor] = await tx
      .select({ locale: visitors.locale })
      .from(visitors)
      .where(eq(visitors.id, conversation.visitorId));
    const language = languageOfLocale(visitor?.locale);
    let transcript: TMailText[] | null = null;
    if (conversation.wantsTranscript && !conversation.transcriptSentAt) {
      const [marked] = await tx
        .update(conversations)
        .set({ transcriptSentAt: new Date() })
        .where(and(eq(conversations.id, conversation.id), isNull(conversations.transcriptSentAt)))
        .returning({ id: conversations.id });
      if (marked) transcript = await transcriptOf(tx, conversation.id, language);
    }
    return {
      to: row.message.emailedTo,
      content: row.message.content,
      author: row.author ?? translateMessage(language, 'mail:reply.theTeam'),
      chatbot: chatbot?.name ?? translateMessage(language, 'mail:reply.theChat'),
      transcript,
      language,
    };
  });
  if (!decided) return { sent: false };
  await queueMail(deps, {
    to: decided.to,
    language: decided.language,
    subject: { key: 'mail:reply.subject', values: { author: decided.author, chatbot: decided.chatbot } },
    heading: { key: 'mail:reply.heading', values: { author: decided.author } },
    paragraphs: [
      { raw: decided.content },
      ...(decided.transcript ? ['mail:reply.transcript', ...decided.transcript] : []),
    ],
    footer: { key: 'mail:reply.footer', values: { chatbot: decided.chatbot } },
  });
  return { sent: true, withTranscript: !!decided.transcript };
}
