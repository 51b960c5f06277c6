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
export function describeHandling(conversation: THandlingState, meId: string): string {
  const { status, handler, assignee } = conversation;
  const who = assignee ? (assignee.id === meId ? 'you' : assignee.name) : null;
  if (status === 'archived') return 'Archived: nobody is answering';
  if (status === 'resolved') return 'Resolved: nobody is answering until it is reopened';
  if (status === 'pending') {
    return who
      ? `Waiting for a person (assigned to ${who}): the bot has stopped answering`
      : 'Waiting for a person: the bot has stopped answering';
  }
  if (handler === 'human') {
    if (!assignee) return 'A person took over';
    return assignee.id === meId ? 'You are answering' : `${assignee.name} is answering`;
  }
  return who ? `The bot is answering (assigned to ${who})` : 'The bot is answering';
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
