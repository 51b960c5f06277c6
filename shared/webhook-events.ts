/**
 * The events a workspace's webhook endpoints can subscribe to, with what the
 * settings page says about each. The server and the web app read this one list.
 */
export const WEBHOOK_EVENTS = {
  'conversation.created': 'A visitor started a conversation.',
  'message.created': 'A message was stored: a visitor’s, the bot’s answer, or a team member’s reply.',
  'handoff.requested': 'A visitor asked to talk to a person.',
  'conversation.assigned': 'A conversation was assigned to a team member (or taken over).',
  'conversation.resolved': 'A conversation was resolved.',
  'feedback.created': 'A visitor rated an answer (thumbs up or down) or the whole conversation.',
  'source.ready': 'A knowledge source finished processing and is answering.',
  'source.failed': 'A knowledge source could not be processed.',
} as const;

export type TWebhookEventType = keyof typeof WEBHOOK_EVENTS;

export const WEBHOOK_EVENT_TYPES = Object.keys(WEBHOOK_EVENTS) as [TWebhookEventType, ...TWebhookEventType[]];

/** What the "Send test event" button sends; no endpoint subscribes to it, every endpoint can receive it. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';
