import type { TEnv } from '../../env';
import { signParts } from '../secret-key';
import { readCookie, serializeCookie } from './cookies';
import { hashesEqual, randomToken } from './tokens';

/**
 * Two signed cookies that let a browser prove something about its own past
 * without a database row: the MAC is keyed with the secret kept outside the
 * database (server/services/secret-key.ts), so a copy of the database forges
 * neither.
 */

const SIGN_UP_MAX_AGE_S = 48 * 60 * 60;
const DEVICE_MAX_AGE_S = 365 * 24 * 60 * 60;

const signUpMac = (env: TEnv, verifyToken: string, passwordHash: string) =>
  signParts(env, 'sign-up-proof', [verifyToken, passwordHash]);

/**
 * Set by sign-up in the browser that signed up: bound to that sign-up's
 * verification token *and* the password it chose. Confirming in this browser
 * keeps the password only while it is still that one (a later sign-up over
 * the unconfirmed account replaces the password and so voids the proof).
 */
export const signUpCookie = (env: TEnv, options: { verifyToken: string; passwordHash: string }) =>
  serializeCookie(env, 'signup', signUpMac(env, options.verifyToken, options.passwordHash), SIGN_UP_MAX_AGE_S);

export const clearedSignUpCookie = (env: TEnv) => serializeCookie(env, 'signup', '', 0);

export const hasSignUpProof = (
  env: TEnv,
  headers: Headers,
  options: { verifyToken: string; passwordHash: string | null },
) => {
  const cookie = readCookie(env, headers, 'signup', /^[\w-]{43}$/);
  if (!cookie || !options.passwordHash) return false;
  return hashesEqual(cookie, signUpMac(env, options.verifyToken, options.passwordHash));
};

const deviceMac = (env: TEnv, userId: string, deviceId: string) => signParts(env, 'device', [userId, deviceId]);

/**
 * Set at every successful log-in: "this browser got into this account
 * before". It exempts the browser from the account-wide log-in limit (which
 * strangers can fill), never from the per-address ones; it is limited by its
 * own count instead, so copying it to many machines does not multiply tries.
 */
export const deviceCookie = (env: TEnv, userId: string) => {
  const deviceId = randomToken(10);
  return serializeCookie(env, 'device', `${userId}.${deviceId}.${deviceMac(env, userId, deviceId)}`, DEVICE_MAX_AGE_S);
};

/** The id of this browser's device cookie when it was issued for `userId`; else null. */
export const knownDeviceOf = (env: TEnv, headers: Headers, userId: string) => {
  const cookie = readCookie(env, headers, 'device', /^[0-9a-f-]{36}\.[a-z2-7]{16}\.[\w-]{43}$/);
  if (!cookie) return null;
  const [cookieUserId, deviceId, mac] = cookie.split('.') as [string, string, string];
  if (cookieUserId !== userId) return null;
  return hashesEqual(mac, deviceMac(env, userId, deviceId)) ? deviceId : null;
};
