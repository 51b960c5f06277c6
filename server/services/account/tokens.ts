import { createHash } from 'node:crypto';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** `bytes` from the platform CSPRNG, base32 (lower case, no padding) so they fit in URLs and cookies as they are. */
export const randomToken = (bytes: number) => {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  return encodeBase32LowerCaseNoPadding(buffer);
};

/**
 * What is stored instead of a secret: a copy of the table opens nothing. Node's native SHA-256
 * (the rate limiters hash two keys per chat message; a JavaScript SHA-256 was a hot spot there).
 */
export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

/** Compares two hex hashes without leaking, through timing, how much of them matched. */
export const hashesEqual = (a: string, b: string) => {
  const encoder = new TextEncoder();
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  return left.length === right.length && constantTimeEqual(left, right);
};
