import type { TEnv } from '../../server/env';
import { unseal } from '../../server/services/secret-key';

const open = (env: TEnv, body: string | null) => (body === null ? null : unseal(env, body));

/** A stored mail with its sealed bodies opened, as the outbox shows them (null once removed). */
export const openedMail = <T extends { text: string | null; html?: string | null }>(env: TEnv, mail: T) => ({
  ...mail,
  text: open(env, mail.text),
  html: mail.html === undefined ? undefined : open(env, mail.html),
});
