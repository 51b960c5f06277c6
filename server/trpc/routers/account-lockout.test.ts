import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { mails, userTokens } from '../../../db/schema';
import { createLoginUser } from '../../../tests/factories/users';
import { failureOf as failure, fileTestApp } from '../../../tests/helpers/app';
import { cookieJar, tokenFromCookies, tokenFromMail } from '../../../tests/helpers/session';

// The sentences people read (services throw their keys; the tests call in English).
const LOGIN_FAILED = 'That e-mail and password do not match.';
const LINK_INVALID = 'This link is invalid, was already used or has expired. Ask for a new one.';

/**
 * Issue 13, item 7: strangers filling the account-wide log-in limit must not
 * lock the owner out (the policy is in services/account/rate-limits.ts).
 */
// http: the device cookie is read by its plain name (no __Host- prefix).
const server = fileTestApp({ env: { APP_URL: 'http://parley.test' } });

const me = async (token: string | null) => (await server.request({ token })).caller.account.me();

/** Logs in; the cookies this browser keeps afterwards (session and device). */
const loginFrom = async (email: string, password: string, options: { ip?: string; cookies?: string[] } = {}) => {
  const { caller, cookies } = await server.request(options);
  await caller.account.login({ email, password });
  return { session: tokenFromCookies(cookies)!, jar: cookieJar(cookies, options.cookies) };
};

const deviceOnly = (jar: string[]) => jar.filter((pair) => pair.startsWith('parley_device='));

/** A hundred wrong passwords, each from another address: what a distributed guesser (or a vandal) sends. */
const strangersGuess = async (email: string) => {
  for (let i = 0; i < 100; i++) {
    await expect((await server.request()).caller.account.login({ email, password: `wrong-password-${i}` })).toFailWith({
      message: LOGIN_FAILED,
    });
  }
};

describe('the account-wide limit does not lock the owner out', () => {
  it('after 100 strangers’ failures: a new browser is refused, a browser seen before and the mailed link get in', async () => {
    const owner = await createLoginUser(server.db);
    const laptop = deviceOnly((await loginFrom(owner.email, owner.password)).jar);
    expect(laptop).toHaveLength(1);

    await strangersGuess(owner.email);

    // A browser that never got in: refused, told the ways in.
    await expect(
      (await server.request()).caller.account.login({ email: owner.email, password: owner.password }),
    ).toFailWith({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/Log in from a browser you have used before, get a sign-in link by e-mail below/),
    });

    // The laptop, which logged in before: in, with the right password.
    const { session } = await loginFrom(owner.email, owner.password, { cookies: laptop });
    expect(await me(session)).toMatchObject({ id: owner.id });

    // A device cookie made for another account, or altered, exempts nothing.
    const other = await createLoginUser(server.db);
    const otherDevice = deviceOnly((await loginFrom(other.email, other.password)).jar);
    const forged = laptop.map((pair) => pair.slice(0, -4) + (pair.endsWith('AAAA') ? 'BBBB' : 'AAAA'));
    for (const cookies of [otherDevice, forged]) {
      await expect(
        (await server.request({ cookies })).caller.account.login({ email: owner.email, password: owner.password }),
      ).toFailWith({ code: 'TOO_MANY_REQUESTS' });
    }

    // The e-mailed sign-in link, from a brand-new browser.
    const asker = await server.request();
    expect(await asker.caller.account.requestSignInLink({ email: owner.email })).toEqual({ email: owner.email });
    expect(asker.cookies).toEqual([]);
    const mail = await server.mail.last(owner.email);
    expect(mail!.subject).toBe('Your Parley sign-in link');
    const link = tokenFromMail(mail, '/sign-in-link');
    const phone = await server.request();
    expect(await phone.caller.account.signInWithLink({ token: link })).toEqual({ userId: owner.id });
    expect(await me(tokenFromCookies(phone.cookies))).toMatchObject({ id: owner.id });
    // That browser is now one the account got in from: its next password log-in goes through.
    const again = await loginFrom(owner.email, owner.password, { cookies: deviceOnly(cookieJar(phone.cookies)) });
    expect(await me(again.session)).toMatchObject({ id: owner.id });
    // Once only.
    await expect((await server.request()).caller.account.signInWithLink({ token: link })).toFailWith({
      code: 'BAD_REQUEST',
      message: LINK_INVALID,
    });
  }, 120_000);

  it('a browser seen before is still limited on its own: 10 failures, then refused', async () => {
    const owner = await createLoginUser(server.db);
    const laptop = deviceOnly((await loginFrom(owner.email, owner.password)).jar);
    for (let i = 0; i < 10; i++) {
      // From other addresses, so only the device's own count can stop it.
      await expect(
        (await server.request({ cookies: laptop })).caller.account.login({
          email: owner.email,
          password: `no-${i}-xx`,
        }),
      ).toFailWith({ message: LOGIN_FAILED });
    }
    await expect(
      (await server.request({ cookies: laptop })).caller.account.login({
        email: owner.email,
        password: owner.password,
      }),
    ).toFailWith({ code: 'TOO_MANY_REQUESTS' });
  }, 60_000);
});

describe('per address', () => {
  it('a stranger’s own address is refused after 10 failures for the account, even with the right password; the owner is not', async () => {
    const owner = await createLoginUser(server.db);
    const strangerIp = '198.51.100.7';
    for (let i = 0; i < 10; i++) {
      await failure(
        (await server.request({ ip: strangerIp })).caller.account.login({
          email: owner.email,
          password: `x-${i}-wrong`,
        }),
      );
    }
    await expect(
      (await server.request({ ip: strangerIp })).caller.account.login({
        email: owner.email,
        password: owner.password,
      }),
    ).toFailWith({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/^Too many attempts\. Try again in \d+ minutes?\.$/),
    });
    // The owner, from their own address, is unaffected.
    expect(await me((await loginFrom(owner.email, owner.password)).session)).toMatchObject({ id: owner.id });
  }, 60_000);
});

describe('the sign-in link cannot be used by an attacker', () => {
  it('answers the same for any address, reveals no token, and mails only the account’s own address', async () => {
    const owner = await createLoginUser(server.db);
    const unconfirmed = await createLoginUser(server.db, { isVerified: false });
    const nobody = `nobody-${Date.now()}@example.test`;
    for (const email of [owner.email, unconfirmed.email, nobody]) {
      const attacker = await server.request();
      expect(await attacker.caller.account.requestSignInLink({ email })).toEqual({ email });
      expect(attacker.cookies).toEqual([]);
    }
    expect(await server.mail.to(nobody)).toHaveLength(0);
    expect(await server.mail.to(unconfirmed.email)).toHaveLength(0);
    const [mail] = await server.mail.to(owner.email);
    const link = tokenFromMail(mail!, '/sign-in-link');
    // What the database holds opens nothing: the token's hash, and a sealed body.
    const [raw] = await server.db.select().from(mails).where(eq(mails.id, mail!.id));
    expect(JSON.stringify(raw)).not.toContain(link);
    expect(JSON.stringify(await server.db.select().from(userTokens))).not.toContain(link);
  });

  it('refuses a guessed token, a Remix GET (a link opened from another site) and an expired link', async () => {
    const owner = await createLoginUser(server.db);
    await expect((await server.request()).caller.account.signInWithLink({ token: 'a'.repeat(52) })).toFailWith({
      message: LINK_INVALID,
    });

    await (await server.request()).caller.account.requestSignInLink({ email: owner.email });
    const link = tokenFromMail(await server.mail.last(owner.email), '/sign-in-link');
    const loader = await server.request({ transport: 'caller', method: 'GET' });
    await expect(loader.caller.account.signInWithLink({ token: link })).toFailWith({ code: 'METHOD_NOT_SUPPORTED' });
    expect(loader.cookies).toEqual([]);

    const [row] = await server.db.select().from(userTokens).where(eq(userTokens.userId, owner.id));
    expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBeLessThanOrEqual(15 * 60_000 + 1000);
    await server.db
      .update(userTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(userTokens.userId, owner.id));
    await expect((await server.request()).caller.account.signInWithLink({ token: link })).toFailWith({
      message: LINK_INVALID,
    });
  });

  it('is limited: 3 links an hour per account', async () => {
    const owner = await createLoginUser(server.db);
    for (let i = 0; i < 3; i++) await (await server.request()).caller.account.requestSignInLink({ email: owner.email });
    await expect((await server.request()).caller.account.requestSignInLink({ email: owner.email })).toFailWith({
      code: 'TOO_MANY_REQUESTS',
    });
    expect(await server.mail.to(owner.email)).toHaveLength(3);
  });
});
