import type { TRPCError } from '@trpc/server';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships, sessions, users, userTokens, workspaces } from '../../../db/schema';
import { createLoginUser, TEST_PASSWORD } from '../../../tests/factories/users';
import { createTestApp, failureOf, type TTestApp } from '../../../tests/helpers/app';
import { cookieJar, tokenFromCookies, tokenFromMail } from '../../../tests/helpers/session';
import { createSession } from '../../services/account/sessions';
import { CROSS_SITE_MESSAGE } from '../../services/account/csrf';

// The sentences people read (services throw their keys; the tests call in English).
const LOGIN_FAILED = 'That e-mail and password do not match.';
const LINK_INVALID = 'This link is invalid, was already used or has expired. Ask for a new one.';

let server: TTestApp;
beforeAll(async () => {
  // http: the cookies are checked by their plain names and the links by their http origin.
  server = await createTestApp({ env: { APP_URL: 'http://parley.test' } });
});
afterAll(() => server.close());

const fieldErrorsOf = (error: TRPCError) =>
  (error.cause as { fieldErrors?: Record<string, string[]>; issues?: unknown[] } | undefined)?.fieldErrors ??
  Object.fromEntries(
    ((error.cause as { issues?: { path: PropertyKey[]; message: string }[] })?.issues ?? []).map((issue) => [
      issue.path.map(String).join('.'),
      [issue.message],
    ]),
  );

let counter = 0;
const freshEmail = () => `person-${++counter}-${Date.now()}@example.test`;

const me = async (token: string | null) => (await server.request({ token })).caller.account.me();

/** Sign-up, then the link from the mail in the same browser: a verified, logged-in user and their session token. */
const signUpAndVerify = async (email = freshEmail(), password = TEST_PASSWORD) => {
  const { caller, cookies } = await server.request();
  await caller.account.register({ name: 'Ada Lovelace', email, password });
  const token = tokenFromMail(await server.mail.last(email), '/verify-email');
  const verified = await server.request({ cookies: cookieJar(cookies) });
  await verified.caller.account.verifyEmail({ token });
  return { email, password, token: tokenFromCookies(verified.cookies)! };
};

const login = async (email: string, password: string, options: { token?: string | null; ip?: string } = {}) => {
  const { caller, cookies } = await server.request(options);
  await caller.account.login({ email, password });
  return tokenFromCookies(cookies)!;
};

const countRows = async () => {
  const [row] = await server.database.rows<{
    users: number;
    sessions: number;
    tokens: number;
    mails: number;
    workspaces: number;
  }>(sql`
    select (select count(*)::int from users) as users, (select count(*)::int from sessions) as sessions,
           (select count(*)::int from user_tokens) as tokens, (select count(*)::int from mails) as mails,
           (select count(*)::int from workspaces) as workspaces`);
  return row;
};

describe('sign-up', () => {
  it('creates the account with a personal workspace, mails a link, and does not log in', async () => {
    const email = freshEmail();
    const { caller, cookies } = await server.request();
    const result = await caller.account.register({
      name: '  Grace Hopper ',
      email: `  ${email.toUpperCase()} `,
      password: TEST_PASSWORD,
    });
    expect(result).toEqual({ email });
    // Only the sign-up proof for this browser, no session.
    expect(cookies).toEqual([
      expect.stringMatching(/^parley_signup=[\w-]{43}; Path=\/; Max-Age=172800; HttpOnly; SameSite=Lax$/),
    ]);

    const [user] = await server.db.select().from(users).where(eq(users.email, email));
    expect(user).toMatchObject({ name: 'Grace Hopper', emailVerifiedAt: null });
    expect(user!.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const [workspace] = await server.db.select().from(workspaces).where(eq(workspaces.id, user!.lastWorkspaceId!));
    expect(workspace!.name).toBe("Grace Hopper's workspace");
    const [membership] = await server.db.select().from(memberships).where(eq(memberships.userId, user!.id));
    expect(membership).toMatchObject({ workspaceId: workspace!.id, role: 'owner' });

    const mail = await server.mail.last(email);
    expect(mail!.text).toContain('http://parley.test/verify-email?token=');
    expect(server.sent).toContainEqual({ name: 'mail.send', data: { mailId: mail!.id } });
    // Only the hash of the link's token is stored.
    const token = tokenFromMail(mail, '/verify-email');
    const stored = await server.db.select().from(userTokens).where(eq(userTokens.userId, user!.id));
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);
  });

  it('answers exactly the same for an address that already has an account, and tells its owner instead', async () => {
    const existing = await createLoginUser(server.db);
    const before = await countRows();
    const { caller, cookies } = await server.request();
    const result = await caller.account.register({
      name: 'Mallory',
      email: existing.email,
      password: 'another-Strong-pass-77',
    });
    expect(result).toEqual({ email: existing.email });
    // A sign-up cookie like any other, so the answer does not reveal the account.
    expect(cookies).toEqual([
      expect.stringMatching(/^parley_signup=[\w-]{43}; Path=\/; Max-Age=172800; HttpOnly; SameSite=Lax$/),
    ]);
    const after = await countRows();
    expect(after).toEqual({ ...before, mails: before!.mails + 1 });
    expect((await server.mail.last(existing.email))!.subject).toBe(
      'Someone tried to sign up to Parley with your e-mail address',
    );
    // The password of the existing account is untouched.
    expect(await login(existing.email, existing.password)).toBeTruthy();
  });

  it('refuses weak passwords with a field error and writes nothing', async () => {
    const before = await countRows();
    const { caller } = await server.request();
    const error = await failureOf(
      caller.account.register({ name: 'Bob', email: 'bob@example.test', password: 'password1234' }),
    );
    expect(error.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(error)).toEqual({
      password: ['This password is too common. Pick something harder to guess.'],
    });
    await expect(
      caller.account.register({ name: 'Bob', email: 'bobby.tables@example.test', password: 'bobby.tables-is-me' }),
    ).toFailWith({
      fieldErrors: { password: expect.arrayContaining(['Do not use your e-mail address in your password.']) },
    });
    expect(await countRows()).toEqual(before);
  });

  it('allows 10 sign-ups per IP an hour', async () => {
    const ip = '192.0.2.10';
    for (let i = 0; i < 10; i++) {
      await (
        await server.request({ ip })
      ).caller.account.register({ name: 'Bulk', email: freshEmail(), password: TEST_PASSWORD });
    }
    await expect(
      (await server.request({ ip })).caller.account.register({
        name: 'Bulk',
        email: freshEmail(),
        password: TEST_PASSWORD,
      }),
    ).toFailWith({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/^Too many attempts\. Try again in \d+ minutes?\.$/),
    });
  });
});

describe('e-mail verification', () => {
  it('takes a new user from sign-up through the link to a session, and back in after log-out', async () => {
    const { email, password, token } = await signUpAndVerify();
    expect(await me(token)).toMatchObject({ email, emailVerified: true });
    await (await server.request({ token })).caller.account.logout();
    expect(await me(token)).toBeNull();
    expect(await me(await login(email, password))).toMatchObject({ email });
  });

  it('works once: it verifies, logs in with a fresh session, and the same link is then refused', async () => {
    const email = freshEmail();
    await (await server.request()).caller.account.register({ name: 'Ada', email, password: TEST_PASSWORD });
    const link = tokenFromMail(await server.mail.last(email), '/verify-email');

    const first = await server.request();
    expect(await first.caller.account.verifyEmail({ token: link, password: TEST_PASSWORD })).toEqual({
      userId: expect.any(String),
      hasPassword: true,
    });
    const session = tokenFromCookies(first.cookies);
    expect(await me(session)).toMatchObject({ email, emailVerified: true, name: 'Ada' });

    await expect((await server.request()).caller.account.verifyEmail({ token: link })).toFailWith({
      code: 'BAD_REQUEST',
      message: LINK_INVALID,
    });
  });

  it('resends a link to an unverified user with a session, at most 5 an hour', async () => {
    const user = await createLoginUser(server.db, { isVerified: false });
    // Unconfirmed accounts cannot log in; a session from before that rule (or OAuth linking) can still ask.
    const { token } = await createSession(server.db, { userId: user.id });
    const { caller } = await server.request({ token });
    expect((await caller.account.me())!.emailVerified).toBe(false);
    for (let i = 0; i < 5; i++) await caller.account.resendVerification();
    expect((await server.mail.to(user.email)).length).toBe(5);
    await expect(caller.account.resendVerification()).toFailWith({ code: 'TOO_MANY_REQUESTS' });
  });

  it('refuses 31 link submissions from one IP within an hour', async () => {
    const ip = '192.0.2.31';
    for (let i = 0; i < 30; i++) {
      await expect(
        (await server.request({ ip })).caller.account.verifyEmail({ token: `bogus${'a'.repeat(i)}` }),
      ).toFailWith({ message: LINK_INVALID });
    }
    await expect((await server.request({ ip })).caller.account.verifyEmail({ token: 'bogus' })).toFailWith({
      code: 'TOO_MANY_REQUESTS',
    });
  });
});

describe('log-in and sessions', () => {
  it('sets a session cookie with the right flags', async () => {
    const user = await createLoginUser(server.db);
    const { caller, cookies } = await server.request();
    await caller.account.login({ email: user.email.toUpperCase(), password: user.password });
    expect(cookies).toHaveLength(2);
    expect(cookies[0]).toMatch(
      /^parley_session=[a-z2-7]+\.[a-z2-7]+; Path=\/; Max-Age=2592000; HttpOnly; SameSite=Lax$/,
    );
    // The browser is remembered as one that got in (exempt from the account-wide log-in limit).
    expect(cookies[1]).toMatch(
      /^parley_device=[0-9a-f-]{36}\.[a-z2-7]{16}\.[\w-]{43}; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Lax$/,
    );
  });

  it('answers the same sentence for a wrong password and an unknown address', async () => {
    const user = await createLoginUser(server.db);
    const { caller } = await server.request();
    await expect(caller.account.login({ email: user.email, password: 'not-the-password-1' })).toFailWith({
      code: 'UNAUTHORIZED',
      message: LOGIN_FAILED,
    });
    await expect(caller.account.login({ email: freshEmail(), password: 'not-the-password-1' })).toFailWith({
      code: 'UNAUTHORIZED',
      message: LOGIN_FAILED,
    });
  });

  it('issues a new session on every log-in and replaces the one the browser held', async () => {
    const user = await createLoginUser(server.db);
    const laptop = await login(user.email, user.password);
    const phone = await login(user.email, user.password);
    expect(laptop).not.toBe(phone);
    expect(await me(laptop)).toMatchObject({ id: user.id });
    expect(await me(phone)).toMatchObject({ id: user.id });

    // Logging in again on the laptop: a new token, never the one it sent; the old one ends.
    const relogged = await login(user.email, user.password, { token: laptop });
    expect(relogged).not.toBe(laptop);
    expect(await me(laptop)).toBeNull();
    expect(await me(relogged)).toMatchObject({ id: user.id });
    expect(await me(phone)).toMatchObject({ id: user.id });
  });

  it('logout ends the session on the server, not just the cookie', async () => {
    const user = await createLoginUser(server.db);
    const token = await login(user.email, user.password);
    const { caller, cookies } = await server.request({ token });
    await caller.account.logout();
    expect(cookies.at(-1)).toMatch(/^parley_session=; Path=\/; Max-Age=0/);
    // A copy of the old cookie opens nothing any more.
    expect(await me(token)).toBeNull();
    const id = token.split('.')[0]!;
    expect(await server.db.select().from(sessions).where(eq(sessions.id, id))).toHaveLength(0);
  });

  it('a dead cookie is cleared when it arrives', async () => {
    const { cookies } = await server.request({ token: 'abcdef.ghijklmnop' });
    expect(cookies).toEqual([expect.stringMatching(/^parley_session=; Path=\/; Max-Age=0/)]);
  });

  it('log out everywhere ends every session of the account', async () => {
    const user = await createLoginUser(server.db);
    const tokens = [await login(user.email, user.password), await login(user.email, user.password)];
    await (await server.request({ token: tokens[0] })).caller.account.logoutEverywhere();
    for (const token of tokens) expect(await me(token)).toBeNull();
  });

  it('lists sessions, revokes one of ones own, and logs out the others', async () => {
    const user = await createLoginUser(server.db);
    const other = await createLoginUser(server.db);
    const current = await login(user.email, user.password);
    const second = await login(user.email, user.password);
    const third = await login(user.email, user.password);
    const otherToken = await login(other.email, other.password);
    const { caller } = await server.request({ token: current });

    const list = await caller.account.sessions();
    expect(list).toHaveLength(3);
    expect(list.filter((s) => s.isCurrent)).toHaveLength(1);
    expect(list[0]).toMatchObject({ userAgent: 'vitest', ip: expect.any(String), createdAt: expect.any(Date) });
    // Public handles, not the ids that are half of each cookie.
    for (const token of [current, second, third]) {
      expect(JSON.stringify(list)).not.toContain(token.split('.')[0]);
    }

    const otherList = await (await server.request({ token: otherToken })).caller.account.sessions();
    await expect(caller.account.revokeSession({ sessionId: otherList[0]!.id })).toFailWith({ code: 'NOT_FOUND' });
    expect(await me(otherToken)).toMatchObject({ id: other.id });

    const notCurrent = list.find((s) => !s.isCurrent)!;
    await caller.account.revokeSession({ sessionId: notCurrent.id });
    expect(await caller.account.sessions()).toHaveLength(2);

    await caller.account.logoutOtherSessions();
    expect(await me(second)).toBeNull();
    expect(await me(third)).toBeNull();
    expect(await me(current)).toMatchObject({ id: user.id });
  });
});

describe('brute force', () => {
  it('refuses the 101st log-in for one account within an hour from a new browser, even with the right password', async () => {
    const user = await createLoginUser(server.db);
    // From a different address each time, so only the per-account limit can stop it.
    for (let i = 0; i < 100; i++) {
      await expect(
        (await server.request()).caller.account.login({ email: user.email, password: `wrong-password-${i}` }),
      ).toFailWith({ message: LOGIN_FAILED });
    }
    // The owner's ways in are named (account-lockout.test.ts shows they work).
    await expect(
      (await server.request()).caller.account.login({ email: user.email, password: user.password }),
    ).toFailWith({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(
        /^Too many failed log-ins for this account\. Log in from a browser you have used before, get a sign-in link by e-mail below, or try again in (60|59) minutes\.$/,
      ),
    });
  }, 90_000);

  it('also limits one IP across many accounts', async () => {
    const ip = '192.0.2.100';
    for (let i = 0; i < 100; i++) {
      await failureOf(
        (await server.request({ ip })).caller.account.login({ email: freshEmail(), password: 'wrong-password-1' }),
      );
    }
    const user = await createLoginUser(server.db);
    await expect(
      (await server.request({ ip })).caller.account.login({ email: user.email, password: user.password }),
    ).toFailWith({ code: 'TOO_MANY_REQUESTS' });
    // The account itself is fine from elsewhere.
    expect(await login(user.email, user.password)).toBeTruthy();
  }, 90_000);

  it('limits password-reset requests per account (5) and per IP (20)', async () => {
    const user = await createLoginUser(server.db);
    for (let i = 0; i < 5; i++)
      await (await server.request()).caller.account.requestPasswordReset({ email: user.email });
    await expect((await server.request()).caller.account.requestPasswordReset({ email: user.email })).toFailWith({
      code: 'TOO_MANY_REQUESTS',
    });

    const ip = '192.0.2.20';
    for (let i = 0; i < 20; i++) {
      await (await server.request({ ip })).caller.account.requestPasswordReset({ email: freshEmail() });
    }
    await expect(
      (await server.request({ ip })).caller.account.requestPasswordReset({ email: freshEmail() }),
    ).toFailWith({ code: 'TOO_MANY_REQUESTS' });
  });
});

describe('password reset', () => {
  it('answers the same whether or not the address has an account, and mails only a real one', async () => {
    const user = await createLoginUser(server.db);
    const nobody = freshEmail();
    const { caller } = await server.request();
    expect(await caller.account.requestPasswordReset({ email: nobody })).toEqual({ email: nobody });
    expect(await caller.account.requestPasswordReset({ email: user.email })).toEqual({ email: user.email });
    expect(await server.mail.to(nobody)).toHaveLength(0);
    expect((await server.mail.last(user.email))!.text).toContain('http://parley.test/reset-password?token=');
  });

  it('sets the new password, ends every session, logs in afresh, and works only once', async () => {
    const user = await createLoginUser(server.db);
    const before = await login(user.email, user.password);
    await (await server.request()).caller.account.requestPasswordReset({ email: user.email });
    const link = tokenFromMail(await server.mail.last(user.email), '/reset-password');

    await expect((await server.request()).caller.account.resetPassword({ token: link, password: 'short' })).toFailWith({
      fieldErrors: { password: expect.arrayContaining(['Use at least 10 characters.']) },
    });

    const { caller, cookies } = await server.request();
    await caller.account.resetPassword({ token: link, password: 'brand-new-Secret-2031' });
    expect(await me(before)).toBeNull();
    expect(await me(tokenFromCookies(cookies))).toMatchObject({ id: user.id });
    await expect(
      (await server.request()).caller.account.login({ email: user.email, password: user.password }),
    ).toFailWith({ message: LOGIN_FAILED });
    expect(await login(user.email, 'brand-new-Secret-2031')).toBeTruthy();

    await expect(
      (await server.request()).caller.account.resetPassword({ token: link, password: 'another-New-Secret-99' }),
    ).toFailWith({ code: 'BAD_REQUEST', message: LINK_INVALID });
  });

  it('refuses an expired link', async () => {
    const user = await createLoginUser(server.db);
    await (await server.request()).caller.account.requestPasswordReset({ email: user.email });
    const link = tokenFromMail(await server.mail.last(user.email), '/reset-password');
    await server.db
      .update(userTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(userTokens.userId, user.id));
    await expect(
      (await server.request()).caller.account.resetPassword({ token: link, password: 'brand-new-Secret-2031' }),
    ).toFailWith({ code: 'BAD_REQUEST', message: LINK_INVALID });
    expect(await login(user.email, user.password)).toBeTruthy();
  });

  it('expires reset links after an hour', async () => {
    const user = await createLoginUser(server.db);
    await (await server.request()).caller.account.requestPasswordReset({ email: user.email });
    const [row] = await server.db.select().from(userTokens).where(eq(userTokens.userId, user.id));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeGreaterThan(59 * 60_000);
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeLessThan(61 * 60_000);
  });
});

describe('signed-in changes', () => {
  it('change password needs the current one and ends every other session', async () => {
    const user = await createLoginUser(server.db);
    const current = await login(user.email, user.password);
    const other = await login(user.email, user.password);
    const { caller } = await server.request({ token: current });

    const wrong = await failureOf(
      caller.account.changePassword({ currentPassword: 'nope-nope-nope', newPassword: 'brand-new-Secret-2031' }),
    );
    expect(fieldErrorsOf(wrong)).toEqual({ currentPassword: ['That is not your current password.'] });
    const weak = await failureOf(
      caller.account.changePassword({ currentPassword: user.password, newPassword: 'qwerty123456' }),
    );
    expect(Object.keys(fieldErrorsOf(weak))).toEqual(['newPassword']);
    expect(await me(other)).not.toBeNull();

    await caller.account.changePassword({ currentPassword: user.password, newPassword: 'brand-new-Secret-2031' });
    expect(await me(other)).toBeNull();
    expect(await me(current)).toMatchObject({ id: user.id });
    expect(await login(user.email, 'brand-new-Secret-2031')).toBeTruthy();
  });

  it('changes the e-mail address only once the link sent to the new one is opened', async () => {
    const user = await createLoginUser(server.db);
    const token = await login(user.email, user.password);
    const { caller } = await server.request({ token });
    const newEmail = freshEmail();

    const wrongPassword = await failureOf(
      caller.account.requestEmailChange({ newEmail, password: 'not-my-password-1' }),
    );
    expect(Object.keys(fieldErrorsOf(wrongPassword))).toEqual(['password']);

    expect(
      await caller.account.requestEmailChange({ newEmail: newEmail.toUpperCase(), password: user.password }),
    ).toEqual({ email: newEmail });
    expect((await caller.account.me())!.email).toBe(user.email);
    const link = tokenFromMail(await server.mail.last(newEmail), '/confirm-email');

    expect(await (await server.request()).caller.account.confirmEmailChange({ token: link })).toEqual({
      email: newEmail,
    });
    expect(await caller.account.me()).toMatchObject({ email: newEmail, emailVerified: true });
    expect((await server.mail.last(user.email))!.subject).toBe('Your Parley e-mail address was changed');
    expect(await login(newEmail, user.password)).toBeTruthy();
    await expect((await server.request()).caller.account.confirmEmailChange({ token: link })).toFailWith({
      message: LINK_INVALID,
    });
  });

  it('does not reveal that the new address already has an account', async () => {
    const user = await createLoginUser(server.db);
    const taken = await createLoginUser(server.db);
    const { caller } = await server.request({ token: await login(user.email, user.password) });
    expect(await caller.account.requestEmailChange({ newEmail: taken.email, password: user.password })).toEqual({
      email: taken.email,
    });
    expect((await server.mail.last(taken.email))!.subject).toBe(
      'Your e-mail address was offered for another Parley account',
    );
    expect(await server.db.select().from(userTokens).where(eq(userTokens.userId, user.id))).toHaveLength(0);
  });

  it('updates the name and merges preferences', async () => {
    const user = await createLoginUser(server.db);
    const { caller } = await server.request({ token: await login(user.email, user.password) });
    expect(await caller.account.updateProfile({ name: '  Katherine Johnson ' })).toEqual({ name: 'Katherine Johnson' });
    expect(await caller.account.updatePreferences({ theme: 'dark', notifications: { browser: false } })).toEqual({
      theme: 'dark',
      language: 'en',
      notifications: { emailOnHandoff: true, browser: false },
    });
    expect(await caller.account.me()).toMatchObject({
      name: 'Katherine Johnson',
      preferences: { theme: 'dark', notifications: { browser: false } },
      hasPassword: true,
      isAdmin: false,
    });
  });

  it('refuses signed-in procedures without a session', async () => {
    const { caller } = await server.request();
    expect(await caller.account.me()).toBeNull();
    for (const call of [
      () => caller.account.sessions(),
      () => caller.account.updateProfile({ name: 'X' }),
      () => caller.account.changePassword({ currentPassword: 'a', newPassword: 'b' }),
      () => caller.account.resendVerification(),
    ]) {
      await expect(call()).toFailWith({ code: 'UNAUTHORIZED' });
    }
  });
});

describe('CSRF', () => {
  it('refuses mutations that come from another site, over HTTP and from Remix actions', async () => {
    const user = await createLoginUser(server.db);
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Record<
      string,
      string
    >[]) {
      for (const [transport, method] of [
        ['http', 'POST'],
        ['caller', 'POST'],
      ] as const) {
        const { caller, cookies } = await server.request({ headers, transport, method });
        await expect(caller.account.login({ email: user.email, password: user.password })).toFailWith({
          code: 'FORBIDDEN',
          message: CROSS_SITE_MESSAGE,
        });
        expect(cookies).toEqual([]);
      }
    }
  });

  it('lets same-origin mutations, queries, and e-mail links opened from another site through', async () => {
    const user = await createLoginUser(server.db);
    const same = await server.request({ headers: { origin: 'http://parley.test', 'sec-fetch-site': 'same-origin' } });
    await same.caller.account.login({ email: user.email, password: user.password });
    const token = tokenFromCookies(same.cookies);

    const query = await server.request({
      token,
      headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
    });
    expect(await query.caller.account.me()).toMatchObject({ id: user.id });

    // A verification link clicked in a webmail: a cross-site GET to a Remix loader, which may look, not spend.
    const email = freshEmail();
    await (await server.request()).caller.account.register({ name: 'Link', email, password: TEST_PASSWORD });
    const link = tokenFromMail(await server.mail.last(email), '/verify-email');
    const loader = await server.request({
      transport: 'caller',
      method: 'GET',
      headers: { 'sec-fetch-site': 'cross-site' },
    });
    expect(await loader.caller.account.verifyEmailStatus({ token: link })).toEqual({
      isValid: true,
      email,
      needsPassword: true,
    });
  });
});

describe('bad input', () => {
  const long = (n: number) => 'a'.repeat(n);
  const cases: Array<{
    name: string;
    call: (c: Awaited<ReturnType<TTestApp['request']>>['caller']) => Promise<unknown>;
    field: string;
  }> = [
    {
      name: 'register without e-mail',
      call: (c) => c.account.register({ name: 'A', password: TEST_PASSWORD } as never),
      field: 'email',
    },
    {
      name: 'register malformed e-mail',
      call: (c) => c.account.register({ name: 'A', email: 'not-an-email', password: TEST_PASSWORD }),
      field: 'email',
    },
    {
      name: 'register over-long e-mail',
      call: (c) => c.account.register({ name: 'A', email: `${long(250)}@example.test`, password: TEST_PASSWORD }),
      field: 'email',
    },
    {
      name: 'register without name',
      call: (c) => c.account.register({ email: 'a@example.test', password: TEST_PASSWORD } as never),
      field: 'name',
    },
    {
      name: 'register blank name',
      call: (c) => c.account.register({ name: '   ', email: 'a@example.test', password: TEST_PASSWORD }),
      field: 'name',
    },
    {
      name: 'register over-long name',
      call: (c) => c.account.register({ name: long(101), email: 'a@example.test', password: TEST_PASSWORD }),
      field: 'name',
    },
    {
      name: 'register without password',
      call: (c) => c.account.register({ name: 'A', email: 'a@example.test' } as never),
      field: 'password',
    },
    {
      name: 'register over-long password',
      call: (c) => c.account.register({ name: 'A', email: 'a@example.test', password: `Xy7-${long(200)}` }),
      field: 'password',
    },
    {
      name: 'register short password',
      call: (c) => c.account.register({ name: 'A', email: 'a@example.test', password: 'Xy7-short' }),
      field: 'password',
    },
    {
      name: 'register wrong types',
      call: (c) => c.account.register({ name: 5, email: [], password: {} } as never),
      field: 'email',
    },
    { name: 'login malformed e-mail', call: (c) => c.account.login({ email: 'nope', password: 'x' }), field: 'email' },
    {
      name: 'login without password',
      call: (c) => c.account.login({ email: 'a@example.test' } as never),
      field: 'password',
    },
    {
      name: 'login over-long password',
      call: (c) => c.account.login({ email: 'a@example.test', password: long(201) }),
      field: 'password',
    },
    { name: 'verify without token', call: (c) => c.account.verifyEmail({} as never), field: 'token' },
    { name: 'verify malformed token', call: (c) => c.account.verifyEmail({ token: '<script>' }), field: 'token' },
    { name: 'verify over-long token', call: (c) => c.account.verifyEmail({ token: long(201) }), field: 'token' },
    { name: 'reset request malformed', call: (c) => c.account.requestPasswordReset({ email: 'x@' }), field: 'email' },
    {
      name: 'reset without password',
      call: (c) => c.account.resetPassword({ token: 'abc' } as never),
      field: 'password',
    },
    {
      name: 'confirm e-mail over-long token',
      call: (c) => c.account.confirmEmailChange({ token: long(300) }),
      field: 'token',
    },
  ];
  const signedInCases: typeof cases = [
    { name: 'profile blank name', call: (c) => c.account.updateProfile({ name: '' }), field: 'name' },
    { name: 'profile over-long name', call: (c) => c.account.updateProfile({ name: long(101) }), field: 'name' },
    {
      name: 'preferences bad theme',
      call: (c) => c.account.updatePreferences({ theme: 'neon' } as never),
      field: 'theme',
    },
    {
      name: 'preferences bad language',
      call: (c) => c.account.updatePreferences({ language: 'xx' } as never),
      field: 'language',
    },
    {
      name: 'preferences bad notification',
      call: (c) => c.account.updatePreferences({ notifications: { browser: 'yes' } } as never),
      field: 'notifications.browser',
    },
    {
      name: 'change password without current',
      call: (c) => c.account.changePassword({ newPassword: TEST_PASSWORD } as never),
      field: 'currentPassword',
    },
    {
      name: 'change password over-long new',
      call: (c) => c.account.changePassword({ currentPassword: TEST_PASSWORD, newPassword: long(201) }),
      field: 'newPassword',
    },
    {
      name: 'change e-mail malformed',
      call: (c) => c.account.requestEmailChange({ newEmail: 'nope', password: TEST_PASSWORD }),
      field: 'newEmail',
    },
    {
      name: 'change e-mail without password',
      call: (c) => c.account.requestEmailChange({ newEmail: 'a@example.test' } as never),
      field: 'password',
    },
    {
      name: 'revoke malformed session id',
      call: (c) => c.account.revokeSession({ sessionId: "1' or 1=1" }),
      field: 'sessionId',
    },
  ];

  it.each(cases)('$name: refused with a field error, nothing written', async ({ call, field }) => {
    const before = await countRows();
    const error = await failureOf(call((await server.request()).caller));
    expect(error.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(error)[field]?.length, JSON.stringify(fieldErrorsOf(error))).toBeGreaterThan(0);
    expect(await countRows()).toEqual(before);
  });

  it.each(signedInCases)('$name: refused with a field error, nothing written', async ({ call, field }) => {
    const user = await createLoginUser(server.db);
    const token = await login(user.email, user.password);
    const [before] = await server.db.select().from(users).where(eq(users.id, user.id));
    const rows = await countRows();
    const error = await failureOf(call((await server.request({ token })).caller));
    expect(error.code).toBe('BAD_REQUEST');
    expect(fieldErrorsOf(error)[field]?.length, JSON.stringify(fieldErrorsOf(error))).toBeGreaterThan(0);
    expect(await countRows()).toEqual(rows);
    expect((await server.db.select().from(users).where(eq(users.id, user.id)))[0]).toEqual(before);
  });
});
