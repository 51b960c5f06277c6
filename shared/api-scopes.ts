/**
 * What a workspace API key may be allowed to do. Read scopes see, write
 * scopes change; `chat` talks to a chatbot as a visitor would. The web app's
 * key form and the server's checks read this one list.
 */
export const API_SCOPES = [
  'chatbots:read',
  'chatbots:write',
  'knowledge:read',
  'knowledge:write',
  'conversations:read',
  'conversations:write',
  'chat',
  'webhooks:read',
  'webhooks:write',
] as const;

export type TApiScope = (typeof API_SCOPES)[number];

/** `pk_live_<prefixId>_<secret>`: the prefix id is shown in lists; the secret only once. */
export const API_KEY_PATTERN = /^pk_live_([a-z0-9]{12})_([a-z0-9]{52})$/;
