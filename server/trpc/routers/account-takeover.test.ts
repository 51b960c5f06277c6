import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessions, users } from '../../../db/schema';
import { TEST_PASSWORD } from '../../../tests/factories/users';
import { fileTestApp } from '../../../tests/helpers/app';
import { cookieJar, tokenFromCookies, tokenFromMail } from '../../../tests/helpers/session';
import { createSession } from '../../services/account/sessions';

// The sentences people read (services throw their keys; the tests call in English).
const LOGIN_FAILED = 'That e-mail and password do not match.';
const LINK_INVALID = 'This link is invalid, was already used or has expired. Ask for a new one.';

/**
 * Pre-account takeover (issue 13, item 1): someone signs up first with the
 * victim's address. Whatever order things happen in, once the address is
 * confirmed only the confirmer can get in.
 */
const server = fileTestApp();

const ATTACKER_PASSWORD = 'mallory-owns-this-42';
const VICTIM_PASSWORD = TEST_PASSWORD;

let counter = 0;
const freshEmail = () => `victim-${++counter}-${Date.now()}@example.test`;

const me = async (token: string | null) => (await server.request({ token })).caller.account.me();

/** A browser: its cookies carry over from call to call. */
const browser = () => {
  let jar: string[] = [];
  return {
    call: async () => {
      const call = await server.request({ cookies: jar });
      return {
        caller: call.caller,
        done: () => {
          jar = cookieJar(call.cookies, jar);
          return tokenFromCookies(call.cookies);
        },
      };
    },
  };
};

const signUp = async (who: ReturnType<typeof browser>, email: string, password: string, name: string) => {
  const { caller, done } = await who.call();
  await caller.account.register({ name, email, password });
  done();
  return tokenFromMail(await server.mail.last(email), '/verify-email');
};

const loginAs = async (email: string, password: string) => {
  const { caller, cookies } = await server.request();
  await caller.account.login({ email, password });
  return tokenFromCookies(cookies)!;
};

const confirm = async (who: ReturnType<typeof browser>, token: string, password?: string) => {
  const { caller, done } = await who.call();
  const result = await caller.account.verifyEmail({ token, ...(password ? { password } : {}) });
  return { ...result, session: done()! };
};

const passwordHashOf = async (email: string) =>
  (await server.db.select({ hash: users.passwordHash }).from(users).where(eq(users.email, email)))[0]!.hash;

describe('pre-account takeover', () => {
  it('an unconfirmed account cannot log in: the right password is told to confirm, a wrong one is not', async () => {
    const email = freshEmail();
    await signUp(browser(), email, ATTACKER_PASSWORD, 'Mallory');
    await expect((await server.request()).caller.account.login({ email, password: ATTACKER_PASSWORD })).toFailWith({
      code: 'FORBIDDEN',
      message: `Confirm your e-mail address first: open the link we sent to ${email}. No mail? Send the link again below.`,
    });
    await expect((await server.request()).caller.account.login({ email, password: 'nope-nope-42' })).toFailWith({
      code: 'UNAUTHORIZED',
      message: LOGIN_FAILED,
    });
  });

  it('attacker signs up, victim signs up and confirms: the attacker’s password and session open nothing', async () => {
    const email = freshEmail();
    const attacker = browser();
    const victim = browser();
    await signUp(attacker, email, ATTACKER_PASSWORD, 'Mallory');
    await expect(loginAs(email, ATTACKER_PASSWORD)).toFailWith({ code: 'FORBIDDEN' });
    // A session the attacker might hold from before this fix (or any other way).
    const [user] = await server.db.select().from(users).where(eq(users.email, email));
    const attackerSession = (await createSession(server.db, { userId: user!.id })).token;

    const victimLink = await signUp(victim, email, VICTIM_PASSWORD, 'Victoria');
    // The second sign-up replaced the password and ended every session.
    expect(await me(attackerSession)).toBeNull();
    await expect(loginAs(email, ATTACKER_PASSWORD)).toFailWith({ message: LOGIN_FAILED });

    // The victim confirms in the browser that signed up: the password is proven, no need to type it.
    const { caller } = await victim.call();
    expect(await caller.account.verifyEmailStatus({ token: victimLink })).toEqual({
      isValid: true,
      email,
      needsPassword: false,
    });
    const confirmed = await confirm(victim, victimLink);
    expect(confirmed.hasPassword).toBe(true);
    expect(await me(confirmed.session)).toMatchObject({ email, emailVerified: true, name: 'Victoria' });

    expect(await me(attackerSession)).toBeNull();
    await expect(loginAs(email, ATTACKER_PASSWORD)).toFailWith({ message: LOGIN_FAILED });
    expect(await me(await loginAs(email, VICTIM_PASSWORD))).toMatchObject({ email });
    expect(await server.db.select().from(sessions).where(eq(sessions.userId, user!.id))).toHaveLength(2);
  });

  it('the attacker signs up again after the victim: the victim’s confirmation drops the attacker’s password', async () => {
    const email = freshEmail();
    const attacker = browser();
    const victim = browser();
    await signUp(attacker, email, ATTACKER_PASSWORD, 'Mallory');
    const victimLink = await signUp(victim, email, VICTIM_PASSWORD, 'Victoria');
    await signUp(attacker, email, ATTACKER_PASSWORD, 'Mallory');
    expect(await passwordHashOf(email)).not.toBeNull();

    // The victim's browser proves the victim's sign-up, but the password is now another one: not proven.
    const { caller } = await victim.call();
    expect(await caller.account.verifyEmailStatus({ token: victimLink })).toMatchObject({ needsPassword: true });
    const confirmed = await confirm(victim, victimLink, 'victoria-chooses-again-7');
    expect(await me(confirmed.session)).toMatchObject({ email, emailVerified: true });

    await expect(loginAs(email, ATTACKER_PASSWORD)).toFailWith({ message: LOGIN_FAILED });
    expect(await me(await loginAs(email, 'victoria-chooses-again-7'))).toMatchObject({ email });
  });

  it('the victim clicks the attacker’s link: the attacker’s password is dropped, the victim chooses one', async () => {
    const email = freshEmail();
    const attackerLink = await signUp(browser(), email, ATTACKER_PASSWORD, 'Mallory');
    const victim = browser();

    // Without a password the confirmation leaves the account with none (the attacker's is gone).
    const { caller } = await victim.call();
    expect(await caller.account.verifyEmailStatus({ token: attackerLink })).toMatchObject({ needsPassword: true });
    const confirmed = await confirm(victim, attackerLink);
    expect(confirmed.hasPassword).toBe(false);
    expect(await passwordHashOf(email)).toBeNull();
    expect(await me(confirmed.session)).toMatchObject({ email, emailVerified: true, hasPassword: false });
    await expect(loginAs(email, ATTACKER_PASSWORD)).toFailWith({ message: LOGIN_FAILED });
  });

  it('the victim clicks the attacker’s link and types a password: it becomes the only one', async () => {
    const email = freshEmail();
    const attackerLink = await signUp(browser(), email, ATTACKER_PASSWORD, 'Mallory');
    const victim = browser();
    await expect(
      (await victim.call()).caller.account.verifyEmail({ token: attackerLink, password: 'short' }),
    ).toFailWith({ code: 'BAD_REQUEST' });
    const confirmed = await confirm(victim, attackerLink, 'victoria-types-this-9');
    expect(confirmed.hasPassword).toBe(true);
    await expect(loginAs(email, ATTACKER_PASSWORD)).toFailWith({ message: LOGIN_FAILED });
    expect(await me(await loginAs(email, 'victoria-types-this-9'))).toMatchObject({ email });
  });

  it('the attacker’s browser, even holding its own sign-up cookie, cannot use the victim’s link to keep its password', async () => {
    const email = freshEmail();
    const attacker = browser();
    await signUp(attacker, email, ATTACKER_PASSWORD, 'Mallory');
    const victimLink = await signUp(browser(), email, VICTIM_PASSWORD, 'Victoria');
    // Suppose the link leaked to the attacker: their cookie is bound to their own link, not this one.
    const { caller } = await attacker.call();
    expect(await caller.account.verifyEmailStatus({ token: victimLink })).toMatchObject({ needsPassword: true });
  });

  it('after confirmation every other confirmation link is dead', async () => {
    const email = freshEmail();
    const attackerLink = await signUp(browser(), email, ATTACKER_PASSWORD, 'Mallory');
    const victim = browser();
    const victimLink = await signUp(victim, email, VICTIM_PASSWORD, 'Victoria');
    await confirm(victim, victimLink);
    await expect((await server.request()).caller.account.verifyEmail({ token: attackerLink })).toFailWith({
      code: 'BAD_REQUEST',
      message: LINK_INVALID,
    });
    expect(await me(await loginAs(email, VICTIM_PASSWORD))).toMatchObject({ email });
  });

  it('"send the link again" answers the same for any address and mails only an unconfirmed account', async () => {
    const email = freshEmail();
    await signUp(browser(), email, ATTACKER_PASSWORD, 'Mallory');
    const before = (await server.mail.to(email)).length;
    const nobody = freshEmail();
    const { caller } = await server.request();
    expect(await caller.account.requestVerificationLink({ email })).toEqual({ email });
    expect(await caller.account.requestVerificationLink({ email: nobody })).toEqual({ email: nobody });
    expect(await server.mail.to(email)).toHaveLength(before + 1);
    expect(await server.mail.to(nobody)).toHaveLength(0);
    // The resent link carries no sign-up proof: whoever opens it chooses the password.
    const link = tokenFromMail(await server.mail.last(email), '/verify-email');
    expect(await caller.account.verifyEmailStatus({ token: link })).toMatchObject({ needsPassword: true });
  });

  it('"send the link again" is limited per address asking (20 an hour)', async () => {
    const ip = '192.0.2.77';
    for (let i = 0; i < 20; i++) {
      await (await server.request({ ip })).caller.account.requestVerificationLink({ email: freshEmail() });
    }
    await expect(
      (await server.request({ ip })).caller.account.requestVerificationLink({ email: freshEmail() }),
    ).toFailWith({ code: 'TOO_MANY_REQUESTS' });
  });
});
