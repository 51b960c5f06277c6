import type { TFunction } from 'i18next';

/** What the inbox header needs to know about who answers a conversation. */
export type THandlingState = {
  status: 'open' | 'pending' | 'resolved' | 'archived';
  handler: 'bot' | 'human';
  assignee: { id: string; name: string } | null;
};

/**
 * One true sentence about who answers next. The bot answers only an open
 * conversation it handles (the answer runner's rule), so a conversation
 * waiting for a person, resolved or archived is never "the bot is answering".
 */
export function describeHandling(conversation: THandlingState, meId: string, t: TFunction): string {
  const { status, handler, assignee } = conversation;
  const isMine = assignee?.id === meId;
  if (status === 'archived') return t('inbox:handling.archived');
  if (status === 'resolved') return t('inbox:handling.resolved');
  if (status === 'pending') {
    if (!assignee) return t('inbox:handling.pending');
    return isMine
      ? t('inbox:handling.pendingAssignedYou')
      : t('inbox:handling.pendingAssigned', { name: assignee.name });
  }
  if (handler === 'human') {
    if (!assignee) return t('inbox:handling.tookOver');
    return isMine ? t('inbox:handling.youAnswering') : t('inbox:handling.answering', { name: assignee.name });
  }
  if (!assignee) return t('inbox:handling.bot');
  return isMine ? t('inbox:handling.botAssignedYou') : t('inbox:handling.botAssigned', { name: assignee.name });
}

/**
 * Whether "Take over" is offered: on any conversation still open to
 * answering that no person is answering now. That includes one assigned to
 * me that I handed back to the bot: taking it again is one click.
 */
export function canTakeOver(conversation: THandlingState): boolean {
  if (conversation.status === 'resolved' || conversation.status === 'archived') return false;
  if (conversation.handler !== 'human') return true;
  // A person answers: me (I hand back instead) or someone else (I leave it to them).
  return !conversation.assignee;
}
