/**
 * The events a workspace's webhook endpoints can subscribe to. The server and
 * the web app read this one list; the settings page describes each in the
 * reader's language (`developers:` keys).
 */
export const WEBHOOK_EVENT_TYPES = [
  'conversation.created',
  'message.created',
  'handoff.requested',
  'conversation.assigned',
  'conversation.resolved',
  'feedback.created',
  'source.ready',
  'source.failed',
] as const;

export type TWebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** What the "Send test event" button sends; no endpoint subscribes to it, every endpoint can receive it. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';
