import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Widget credentials, signed with HMAC-SHA256 under the installation's
 * secret (see secrets.ts). Nothing is stored per token: a token is valid
 * because the server signed it, and it names exactly what it grants.
 *
 * - Visitor token `v1.<payload>.<mac>`: one visitor of one chatbot, for as
 *   long as the visitor exists (history must survive reloads and returns).
 *   It may carry a preview grant (until a time) when it was issued on
 *   Parley's own pages under a preview token.
 * - Preview token `p1.<payload>.<mac>`: lets one chatbot that is not live
 *   (draft, paused) load on Parley's own origin for a short while — the
 *   live preview and the demo page.
 *
 * Each kind signs under its own label, so one can never pass for the other.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How long a preview token (and the preview grant of a visitor token made with it) lasts. */
export const PREVIEW_TTL_MS = 2 * 60 * 60_000;

const uuidBytes = (id: string) => Buffer.from(id.replaceAll('-', ''), 'hex');
const uuidOf = (bytes: Buffer) => {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

const mac = (key: Buffer, label: string, payload: Buffer) =>
  createHmac('sha256', key).update(label).update('\0').update(payload).digest();

const sign = (key: Buffer, kind: 'v1' | 'p1', payload: Buffer) =>
  `${kind}.${payload.toString('base64url')}.${mac(key, kind, payload).toString('base64url')}`;

/** The payload of a well-formed token of this kind with a valid signature, else null. */
const open = (key: Buffer, kind: 'v1' | 'p1', token: string, size: number) => {
  if (typeof token !== 'string' || token.length > 200) return null;
  const [prefix, body, signature, ...rest] = token.split('.');
  if (prefix !== kind || !body || !signature || rest.length) return null;
  const payload = Buffer.from(body, 'base64url');
  const given = Buffer.from(signature, 'base64url');
  if (payload.length !== size || given.length !== 32) return null;
  // Re-encoding must give back the same text, so one token has exactly one spelling.
  if (payload.toString('base64url') !== body || given.toString('base64url') !== signature) return null;
  return timingSafeEqual(given, mac(key, kind, payload)) ? payload : null;
};

export type TVisitorClaims = { visitorId: string; chatbotId: string; previewUntil: Date | null };

/** Same claims, same token: a visitor who returns keeps the token they stored. */
export function signVisitorToken(key: Buffer, claims: TVisitorClaims) {
  if (!UUID.test(claims.visitorId) || !UUID.test(claims.chatbotId)) throw new Error('Visitor tokens bind UUIDs');
  const payload = Buffer.alloc(40);
  uuidBytes(claims.visitorId).copy(payload, 0);
  uuidBytes(claims.chatbotId).copy(payload, 16);
  payload.writeBigUInt64BE(BigInt(claims.previewUntil ? Math.floor(claims.previewUntil.getTime() / 1000) : 0), 32);
  return sign(key, 'v1', payload);
}

export function verifyVisitorToken(key: Buffer, token: string): TVisitorClaims | null {
  const payload = open(key, 'v1', token, 40);
  if (!payload) return null;
  const previewSeconds = Number(payload.readBigUInt64BE(32));
  return {
    visitorId: uuidOf(payload.subarray(0, 16)),
    chatbotId: uuidOf(payload.subarray(16, 32)),
    previewUntil: previewSeconds ? new Date(previewSeconds * 1000) : null,
  };
}

export function signPreviewToken(key: Buffer, input: { chatbotId: string; now?: Date }) {
  if (!UUID.test(input.chatbotId)) throw new Error('Preview tokens bind a UUID');
  const expiresAt = new Date((input.now ?? new Date()).getTime() + PREVIEW_TTL_MS);
  const payload = Buffer.alloc(24);
  uuidBytes(input.chatbotId).copy(payload, 0);
  payload.writeBigUInt64BE(BigInt(Math.floor(expiresAt.getTime() / 1000)), 16);
  return { token: sign(key, 'p1', payload), expiresAt: new Date(Math.floor(expiresAt.getTime() / 1000) * 1000) };
}

/** The preview grant for this chatbot while the token is unexpired, else null. */
export function verifyPreviewToken(key: Buffer, token: string, input: { chatbotId: string; now?: Date }) {
  const payload = open(key, 'p1', token, 24);
  if (!payload || uuidOf(payload.subarray(0, 16)) !== input.chatbotId.toLowerCase()) return null;
  const expiresAt = new Date(Number(payload.readBigUInt64BE(16)) * 1000);
  return expiresAt > (input.now ?? new Date()) ? { expiresAt } : null;
}
