import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import type { EventBus } from '../../events/bus';
import { chatbots, conversationNotes, conversations, messages, visitors } from '../../../db/schema';
import { AppError } from '../../errors';
import { recordAudit, type TAuditActor } from '../audit';
import type { TVisitorCtx } from '../widget/context';
import type { TMemberCtx } from '../workspaces/workspaces';
import { dropEmptyLabels, eraseCopies, subjectOf } from './erase';

export const VISITOR_NOT_FOUND = 'inbox:errors.visitorNotFound';
export const CONVERSATION_NOT_FOUND = 'inbox:errors.conversationNotFound';

/** An API key acts in the name of the admin who made it; the audit says which key. */
export type TPrivacyCtx = TMemberCtx & {
  bus: Pick<EventBus, 'publish'>;
  apiKeyPrincipal?: { id: string; name: string } | null;
};

type TErased = { id: string; chatbotId: string };

/** Tells the team's open views (at commit) that these conversations are gone. */
async function publishDeleted(tx: Db, bus: Pick<EventBus, 'publish'>, workspaceId: string, erased: TErased[]) {
  for (const conversation of erased) {
    await bus.publish(
      'conversation.deleted',
      { workspaceId, chatbotId: conversation.chatbotId, conversationId: conversation.id },
      { tx },
    );
  }
}

const actorOf = (ctx: TPrivacyCtx): TAuditActor =>
  ctx.apiKeyPrincipal
    ? { kind: 'api_key', id: ctx.apiKeyPrincipal.id, name: ctx.apiKeyPrincipal.name }
    : { kind: 'user', id: ctx.user.id, email: ctx.user.email };

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** A widget or API visitor of this workspace (never a team member's playground identity), locked. */
async function lockVisitor(tx: Db, workspaceId: string, visitorId: string) {
  if (!isUuid(visitorId)) throw new AppError('NOT_FOUND', VISITOR_NOT_FOUND);
  const [visitor] = await tx
    .select()
    .from(visitors)
    .where(and(eq(visitors.id, visitorId), eq(visitors.workspaceId, workspaceId)))
    .for('update');
  if (!visitor) throw new AppError('NOT_FOUND', VISITOR_NOT_FOUND);
  return visitor;
}

export type TErasureCounts = { conversations: number; messages: number };

/**
 * Erases one visitor: the row (its identity, traits and context), every
 * conversation with its messages, ratings, notes and reads (by cascade; the
 * rollup triggers take their counts out of the analytics), and every copy
 * kept elsewhere (erase.ts). One transaction: all of it or none. The audit
 * entry says who erased a visitor of which chatbot and how much, never who
 * the visitor was.
 */
export async function eraseVisitor(
  tx: Db,
  bus: Pick<EventBus, 'publish'>,
  input: { workspaceId: string; visitorId: string; actor: TAuditActor; ip?: string | null },
): Promise<TErasureCounts> {
  const visitor = await lockVisitor(tx, input.workspaceId, input.visitorId);
  const owned = await tx
    .select({ id: conversations.id, chatbotId: conversations.chatbotId })
    .from(conversations)
    .where(eq(conversations.visitorId, visitor.id));
  const subject = await subjectOf(tx, {
    workspaceId: input.workspaceId,
    conversationIds: owned.map((row) => row.id),
    visitor: { id: visitor.id, email: visitor.email },
  });
  await eraseCopies(tx, subject);
  await tx.delete(visitors).where(eq(visitors.id, visitor.id));
  await dropEmptyLabels(tx, input.workspaceId);
  await publishDeleted(tx, bus, input.workspaceId, owned);
  const counts = { conversations: owned.length, messages: subject.ids.length - owned.length - 1 };
  await recordAudit(tx, {
    actor: input.actor,
    action: 'visitor.erased',
    workspaceId: input.workspaceId,
    target: null,
    ip: input.ip ?? null,
    details: { chatbotId: visitor.chatbotId, ...counts },
  });
  return counts;
}

/** "Delete this visitor's data" in the inbox, or a developer's `privacy.deleteVisitor`. */
export const deleteVisitorData = (ctx: TPrivacyCtx, input: { visitorId: string }) =>
  ctx.db.transaction((tx) =>
    eraseVisitor(tx, ctx.bus, {
      workspaceId: ctx.workspace.id,
      visitorId: input.visitorId,
      actor: actorOf(ctx),
      ip: ctx.ip,
    }),
  );

/** The widget's "Delete my history" and the host page's `Parley('forget')`: the visitor erases themselves. */
export const forgetWidgetVisitor = (ctx: Pick<TVisitorCtx, 'db' | 'bus' | 'visitor' | 'ip'>) =>
  ctx.db.transaction((tx) =>
    eraseVisitor(tx, ctx.bus, {
      workspaceId: ctx.visitor.workspaceId,
      visitorId: ctx.visitor.id,
      actor: { kind: 'visitor' },
      ip: ctx.ip,
    }),
  );

/** "Delete this conversation permanently": one conversation and every copy of it; the visitor stays. */
export async function deleteConversationPermanently(ctx: TPrivacyCtx, input: { conversationId: string }) {
  if (!isUuid(input.conversationId)) throw new AppError('NOT_FOUND', CONVERSATION_NOT_FOUND);
  return ctx.db.transaction(async (tx) => {
    const [conversation] = await tx
      .select({ id: conversations.id, visitorId: conversations.visitorId, chatbotId: conversations.chatbotId })
      .from(conversations)
      .where(and(eq(conversations.id, input.conversationId), eq(conversations.workspaceId, ctx.workspace.id)));
    if (!conversation) throw new AppError('NOT_FOUND', CONVERSATION_NOT_FOUND);
    // The visitor first, as every message write does: one lock order.
    await lockVisitor(tx, ctx.workspace.id, conversation.visitorId);
    const subject = await subjectOf(tx, { workspaceId: ctx.workspace.id, conversationIds: [conversation.id] });
    // The visitor's addresses belong to the visitor, who stays: their other mails stay too.
    await eraseCopies(tx, { ...subject, emails: [] });
    await tx.delete(conversations).where(eq(conversations.id, conversation.id));
    await dropEmptyLabels(tx, ctx.workspace.id);
    await publishDeleted(tx, ctx.bus, ctx.workspace.id, [conversation]);
    const counts = { conversations: 1, messages: subject.ids.length - 1 };
    await recordAudit(tx, {
      actor: actorOf(ctx),
      action: 'conversation.erased',
      workspaceId: ctx.workspace.id,
      target: null,
      ip: ctx.ip ?? null,
      details: { chatbotId: conversation.chatbotId, ...counts },
    });
    return counts;
  });
}

/**
 * Everything Parley holds about one visitor, as one JSON document (the
 * visitor's right of access): who they are as the host page described them,
 * and every conversation with its messages, ratings and the team's notes.
 */
export async function exportVisitorData(ctx: TPrivacyCtx, input: { visitorId: string }) {
  if (!isUuid(input.visitorId)) throw new AppError('NOT_FOUND', VISITOR_NOT_FOUND);
  const [row] = await ctx.db
    .select({ visitor: visitors, chatbotName: chatbots.name })
    .from(visitors)
    .innerJoin(chatbots, eq(chatbots.id, visitors.chatbotId))
    .where(and(eq(visitors.id, input.visitorId), eq(visitors.workspaceId, ctx.workspace.id)));
  if (!row) throw new AppError('NOT_FOUND', VISITOR_NOT_FOUND);
  const { visitor } = row;
  const convs = await ctx.db
    .select()
    .from(conversations)
    .where(eq(conversations.visitorId, visitor.id))
    .orderBy(asc(conversations.createdAt));
  const ids = convs.map((c) => c.id);
  const allMessages = ids.length
    ? await ctx.db.select().from(messages).where(inArray(messages.conversationId, ids)).orderBy(asc(messages.seq))
    : [];
  const notes = ids.length
    ? await ctx.db
        .select()
        .from(conversationNotes)
        .where(inArray(conversationNotes.conversationId, ids))
        .orderBy(asc(conversationNotes.createdAt))
    : [];
  await recordAudit(ctx.db, {
    actor: actorOf(ctx),
    action: 'visitor.exported',
    workspaceId: ctx.workspace.id,
    target: { type: 'visitor', id: visitor.id },
    ip: ctx.ip ?? null,
    details: { conversations: convs.length },
  });
  return {
    format: 'parley.visitor-export.v1',
    exportedAt: new Date().toISOString(),
    chatbot: { id: visitor.chatbotId, name: row.chatbotName },
    visitor: {
      id: visitor.id,
      name: visitor.name,
      email: visitor.email,
      locale: visitor.locale,
      userAgent: visitor.userAgent,
      traits: visitor.traits,
      context: visitor.context,
      origin: visitor.origin,
      firstSeenAt: visitor.createdAt,
      lastSeenAt: visitor.lastSeenAt,
    },
    conversations: convs.map((c) => ({
      id: c.id,
      channel: c.channel,
      status: c.status,
      origin: c.origin,
      context: c.context,
      startedAt: c.createdAt,
      lastMessageAt: c.lastMessageAt,
      resolvedAt: c.resolvedAt,
      rating: c.rating,
      ratingComment: c.ratingComment,
      replyEmail: c.replyEmail,
      messages: allMessages
        .filter((m) => m.conversationId === c.id)
        .map((m) => ({ id: m.id, role: m.role, content: m.content, feedback: m.feedback, createdAt: m.createdAt })),
      notes: notes
        .filter((n) => n.conversationId === c.id)
        .map((n) => ({ id: n.id, content: n.content, createdAt: n.createdAt })),
    })),
  };
}
