import { eq } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { conversations, users, type TContextValue, type TConversation } from '../../../db/schema';
import type { EventBus } from '../../events/bus';

/** A conversation as every client sees it (the widget narrows it further). */
export type TConversationView = Pick<
  TConversation,
  | 'id'
  | 'chatbotId'
  | 'visitorId'
  | 'channel'
  | 'status'
  | 'handler'
  | 'assignedUserId'
  | 'context'
  | 'rating'
  | 'ratingComment'
  | 'agentReadAt'
  | 'visitorReadAt'
  | 'handoffRequestedAt'
  | 'emailOfferedAt'
  | 'replyEmail'
  | 'lastMessageAt'
  | 'createdAt'
  | 'resolvedAt'
> & {
  /** The assigned team member's name: the widget shows who is answering. */
  operatorName: string | null;
};

export const presentConversation = (conversation: TConversation, operatorName: string | null): TConversationView => ({
  id: conversation.id,
  chatbotId: conversation.chatbotId,
  visitorId: conversation.visitorId,
  channel: conversation.channel,
  status: conversation.status,
  handler: conversation.handler,
  assignedUserId: conversation.assignedUserId,
  context: conversation.context,
  rating: conversation.rating,
  ratingComment: conversation.ratingComment,
  agentReadAt: conversation.agentReadAt,
  visitorReadAt: conversation.visitorReadAt,
  handoffRequestedAt: conversation.handoffRequestedAt,
  emailOfferedAt: conversation.emailOfferedAt,
  replyEmail: conversation.replyEmail,
  lastMessageAt: conversation.lastMessageAt,
  createdAt: conversation.createdAt,
  resolvedAt: conversation.resolvedAt,
  operatorName,
});

type TRef = { workspaceId: string; chatbotId: string; conversationId: string };

export type TConversationTransition = 'handoff.requested' | 'assigned' | 'resolved' | 'rated';

type TBefore = Pick<TConversation, 'status' | 'assignedUserId' | 'handoffRequestedAt' | 'rating' | 'ratedAt'>;

/** Which steps a change took, from the row before it and the view after it. */
export const transitionsOf = (before: TBefore, after: TConversationView): TConversationTransition[] => {
  const steps: TConversationTransition[] = [];
  if (after.handoffRequestedAt && after.handoffRequestedAt.getTime() !== before.handoffRequestedAt?.getTime())
    steps.push('handoff.requested');
  if (after.assignedUserId && after.assignedUserId !== before.assignedUserId) steps.push('assigned');
  if (after.status === 'resolved' && before.status !== 'resolved') steps.push('resolved');
  if (after.rating !== null && (after.rating !== before.rating || before.ratedAt === null)) steps.push('rated');
  return steps;
};

export type TVisitorIdentity = {
  id: string;
  name: string | null;
  email: string | null;
  traits: Record<string, TContextValue>;
};

declare module '../../events/types' {
  // Declaration merging (how domains add events) needs an interface.
  // eslint-disable-next-line @typescript-eslint/consistent-type-definitions
  interface ParleyEvents {
    /** A conversation began (a visitor's first message, or a request for a person). */
    'conversation.created': TRef & { conversation: TConversationView };
    /** Anything about a conversation changed: status, handler, read marks, rating, context. */
    'conversation.updated': TRef & { conversation: TConversationView };
    /** Someone started or stopped writing: the visitor, an operator, or the bot while an answer is on its way. */
    typing: TRef & {
      who: 'visitor' | 'bot' | 'operator';
      name: string | null;
      isTyping: boolean;
      /** The visitor's or the member's id: what every process's typing throttle keys on (not sent to widgets). */
      actorId?: string;
    };
    /** A visitor said who they are (the host page's `identify`), as stored now: for the team's lists and visitor panels. */
    'visitor.updated': { workspaceId: string; chatbotId: string; visitor: TVisitorIdentity };
    /**
     * A step in a conversation's life that outside systems act on (the event webhooks): published
     * beside `conversation.updated` when the change made it, so no listener has to diff snapshots.
     */
    'conversation.transition': TRef & { transition: TConversationTransition; conversation: TConversationView };
    /** A conversation was erased for good (its own deletion, or its visitor's): the team's views drop it. */
    'conversation.deleted': TRef;
  }
}

/** The conversation as stored now (inside the caller's transaction), with its operator's name. */
export async function loadConversationView(db: Db, conversationId: string) {
  const [row] = await db
    .select({ conversation: conversations, operatorName: users.name })
    .from(conversations)
    .leftJoin(users, eq(users.id, conversations.assignedUserId))
    .where(eq(conversations.id, conversationId));
  return row ? presentConversation(row.conversation, row.operatorName) : null;
}

/**
 * Publishes the conversation as it is now, inside the transaction that
 * changed it (delivered at commit, dropped on rollback). Returns the view.
 */
export async function publishConversation(
  deps: { tx: Db; bus: Pick<EventBus, 'publish'> },
  input: {
    type: 'conversation.created' | 'conversation.updated';
    workspaceId: string;
    conversationId: string;
    /** The row as it was before the change: its transitions are published too. */
    before?: TBefore;
  },
) {
  const view = await loadConversationView(deps.tx, input.conversationId);
  if (!view) return null;
  const ref = { workspaceId: input.workspaceId, chatbotId: view.chatbotId, conversationId: view.id };
  await deps.bus.publish(input.type, { ...ref, conversation: view }, { tx: deps.tx });
  for (const transition of input.before ? transitionsOf(input.before, view) : [])
    await deps.bus.publish('conversation.transition', { ...ref, transition, conversation: view }, { tx: deps.tx });
  return view;
}
