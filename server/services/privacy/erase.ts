import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import { resultRows, type Db } from '../../../db/client';
import {
  analyticsLabels,
  auditLog,
  conversations,
  knowledgeGapQuestions,
  knowledgeGaps,
  mails,
  messages,
  users,
  webhookMessages,
} from '../../../db/schema';

/**
 * What a visitor's or a conversation's erasure removes besides the rows that
 * go by cascade (conversations, messages, ratings, reads, notes, notices):
 * the copies of them kept elsewhere. Each of these tables holds ids or text
 * of the subject without a foreign key, so nothing else would clear them.
 */
export type TErasureSubject = {
  workspaceId: string;
  chatbotIds: string[];
  /** Every id that names the subject: visitor, conversations, messages. */
  ids: string[];
  /** What the visitor wrote (knowledge-gap wordings are copies of it). */
  visitorTexts: string[];
  /** Addresses the visitor gave (identify, the e-mail offer): mails sent to them. */
  emails: string[];
};

/** Rows of `column` (as text) that mention any of `needles`: one `strpos` per needle, OR-ed. */
const mentionsAny = (column: unknown, needles: string[]) =>
  sql.join(
    needles.map((needle) => sql`strpos(${column}::text, ${needle}) > 0`),
    sql` or `,
  );

/** Removes every copy of the subject; runs inside the erasing transaction, before the cascade. */
export async function eraseCopies(tx: Db, subject: TErasureSubject) {
  if (subject.ids.length > 0) {
    // Webhook bodies already queued or logged (their attempts go by cascade).
    await tx
      .delete(webhookMessages)
      .where(and(eq(webhookMessages.workspaceId, subject.workspaceId), mentionsAny(webhookMessages.body, subject.ids)));
    // Large bus payloads travel by reference; the hourly prune would only take them later.
    await tx.execute(sql`delete from event_payloads where ${mentionsAny(sql.raw('payload'), subject.ids)}`);
    await deleteJobsMentioning(tx, subject.ids);
    // Audit entries about the subject stay (who did what, when) without naming it.
    await tx
      .update(auditLog)
      .set({ targetId: null, targetLabel: null })
      .where(and(eq(auditLog.workspaceId, subject.workspaceId), inArray(auditLog.targetId, subject.ids)));
  }
  await eraseGapWordings(tx, subject);
  if (subject.emails.length > 0) {
    // Mails to the visitor (replies, transcripts). An address that is also an account's keeps its mails:
    // those are the account's, not this visitor's.
    await tx
      .delete(mails)
      .where(
        and(
          inArray(sql`lower(${mails.to})`, subject.emails),
          sql`not exists (select 1 from ${users} where lower(${users.email}) = lower(${mails.to}))`,
        ),
      );
  }
}

/** Jobs not yet done that carry the subject's ids (labelling, hand-off mails); pg-boss's table when it exists. */
async function deleteJobsMentioning(tx: Db, ids: string[]) {
  const result = await tx.execute(sql`select to_regclass('pgboss.job') is not null as present`);
  if (!resultRows<{ present: boolean }>(result)[0]?.present) return;
  await tx.execute(sql`delete from pgboss.job where ${mentionsAny(sql.raw('data'), ids)}`);
}

/**
 * The knowledge gaps keep the wordings of questions the bot could not answer:
 * the visitor's own words. Their wordings go; a gap left without any goes
 * too, and one whose title was the visitor's wording takes its next one.
 */
async function eraseGapWordings(tx: Db, subject: TErasureSubject) {
  const texts = [...new Set(subject.visitorTexts.map((text) => text.trim().replace(/\s+/g, ' ')).filter(Boolean))];
  if (texts.length === 0 || subject.chatbotIds.length === 0) return;
  const gapIds = tx
    .select({ id: knowledgeGaps.id })
    .from(knowledgeGaps)
    .where(inArray(knowledgeGaps.chatbotId, subject.chatbotIds));
  const removed = await tx
    .delete(knowledgeGapQuestions)
    .where(and(inArray(knowledgeGapQuestions.gapId, gapIds), inArray(knowledgeGapQuestions.question, texts)))
    .returning({ gapId: knowledgeGapQuestions.gapId });
  const touched = [...new Set(removed.map((row) => row.gapId))];
  const titled = await tx
    .select({ id: knowledgeGaps.id })
    .from(knowledgeGaps)
    .where(and(inArray(knowledgeGaps.chatbotId, subject.chatbotIds), inArray(knowledgeGaps.question, texts)));
  for (const gapId of new Set([...touched, ...titled.map((row) => row.id)])) {
    const [next] = await tx
      .select({ question: knowledgeGapQuestions.question, left: sql<number>`count(*) over ()::int` })
      .from(knowledgeGapQuestions)
      .where(eq(knowledgeGapQuestions.gapId, gapId))
      .orderBy(knowledgeGapQuestions.askedAt)
      .limit(1);
    if (!next) await tx.delete(knowledgeGaps).where(eq(knowledgeGaps.id, gapId));
    else
      await tx
        .update(knowledgeGaps)
        .set({ question: next.question, count: next.left })
        .where(eq(knowledgeGaps.id, gapId));
  }
}

/**
 * After the cascade: rollup label rows the subject's conversations brought to
 * zero still spell out their topic; a zero row counts nothing, so it goes.
 */
export async function dropEmptyLabels(tx: Db, workspaceId: string) {
  await tx
    .delete(analyticsLabels)
    .where(and(eq(analyticsLabels.workspaceId, workspaceId), lte(analyticsLabels.count, 0)));
}

/** The ids and texts that name a set of conversations (and, with `visitorId`, their visitor). */
export async function subjectOf(
  tx: Db,
  input: { workspaceId: string; conversationIds: string[]; visitor?: { id: string; email: string | null } },
): Promise<TErasureSubject> {
  const convs = input.conversationIds.length
    ? await tx
        .select({ id: conversations.id, chatbotId: conversations.chatbotId, replyEmail: conversations.replyEmail })
        .from(conversations)
        .where(and(eq(conversations.workspaceId, input.workspaceId), inArray(conversations.id, input.conversationIds)))
    : [];
  const rows = convs.length
    ? await tx
        .select({ id: messages.id, role: messages.role, content: messages.content, emailedTo: messages.emailedTo })
        .from(messages)
        .where(
          inArray(
            messages.conversationId,
            convs.map((c) => c.id),
          ),
        )
    : [];
  const emails = [input.visitor?.email, ...convs.map((c) => c.replyEmail), ...rows.map((m) => m.emailedTo)];
  return {
    workspaceId: input.workspaceId,
    chatbotIds: [...new Set(convs.map((c) => c.chatbotId))],
    ids: [...(input.visitor ? [input.visitor.id] : []), ...convs.map((c) => c.id), ...rows.map((m) => m.id)],
    visitorTexts: rows.filter((m) => m.role === 'visitor').map((m) => m.content),
    emails: [...new Set(emails.filter((e): e is string => !!e).map((e) => e.toLowerCase()))],
  };
}
