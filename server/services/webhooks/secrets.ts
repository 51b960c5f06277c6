import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { TEnv } from '../../env';
import { seal, unseal } from '../secret-key';

/** How long the secret before a rotation keeps signing beside the new one, unless the admin chooses. */
export const DEFAULT_ROTATION_OVERLAP_HOURS = 24;

/** `whsec_` + base64 of 32 random bytes: the format every Standard Webhooks library reads. */
export const newWebhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** Stored sealed: the secret must be read back to sign, so it cannot be hashed; a database copy alone does not give it away. */
export const sealSecret = (env: TEnv, secret: string) => seal(env, secret);

export const openSecret = (env: TEnv, stored: string) => {
  const secret = unseal(env, stored);
  if (!secret) throw new Error('A webhook secret was sealed under another SECRET_KEY');
  return secret;
};

/** The secrets that sign now: the current one, and the previous one while its overlap lasts. */
export const signingSecrets = (
  env: TEnv,
  endpoint: { secret: string; previousSecret: string | null; previousSecretExpiresAt: Date | null },
  now = new Date(),
) => {
  const secrets = [openSecret(env, endpoint.secret)];
  if (endpoint.previousSecret && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now)
    secrets.push(openSecret(env, endpoint.previousSecret));
  return secrets;
};

/**
 * The Standard Webhooks headers for one attempt: the id is the message's and stays the same on every
 * retry; the timestamp is the attempt's. During a rotation's overlap the signature header carries one
 * `v1,` signature per secret, space-separated, as the scheme allows, so a receiver that still holds the
 * old secret and one that already has the new one both verify it.
 */
export function signedHeaders(options: { id: string; secrets: string[]; body: string; at: Date }) {
  const signatures = options.secrets.map((secret) => new Webhook(secret).sign(options.id, options.at, options.body));
  return {
    'webhook-id': options.id,
    'webhook-timestamp': String(Math.floor(options.at.getTime() / 1000)),
    'webhook-signature': signatures.join(' '),
  };
}

/** The `webhook-id` of a stored message. */
export const webhookIdOf = (messageId: string) => `msg_${messageId.replaceAll('-', '')}`;
