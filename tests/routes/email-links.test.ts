import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users, userTokens } from '../../db/schema';
import * as confirmEmailRoute from '../../app/routes/confirm-email';
import * as signInLinkRoute from '../../app/routes/sign-in-link';
import * as verifyEmailRoute from '../../app/routes/verify-email';
import { createLoginUser, TEST_PASSWORD } from '../factories/users';
import { fileTestApp, type TRequestOptions } from '../helpers/app';
import { cookieJar, tokenFromCookies, tokenFromMail } from '../helpers/session';

/**
 * Login CSRF (issue 13, item 10): the pages e-mailed links open run their
 * loaders on a GET that any site can trigger. Those loaders spend nothing
 * and log nobody in; only the page's button (a POST) does. The route modules
 * are called the way Remix calls them, with the tRPC caller as context.
 * (Here rather than beside the routes: vitest treats app/routes/** as pages.)
 */
const server = fileTestApp();

type TRouteArgs = Parameters<typeof verifyEmailRoute.loader>[0];

/** A Remix request: a GET with a query, or a POST of a form, and the context the server would build for it. */
const remixCall = async (url: string, options: TRequestOptions & { form?: Record<string, string> } = {}) => {
  const method = options.form ? 'POST' : 'GET';
  const call = await server.request({ ...options, transport: 'caller', method });
  const request = new Request(`http://parley.test${url}`, {
    method,
    ...(options.form ? { body: new URLSearchParams(options.form) } : {}),
  });
  const args = { request, context: { trpc: call.caller, requestId: 'test' }, params: {} } as unknown as TRouteArgs;
  return { args, cookies: call.cookies };
};

/** What a loader or action returned, or the redirect it threw. */
const settle = async (run: Promise<unknown>) => {
  try {
    return { data: await run, redirect: null };
  } catch (thrown) {
    if (thrown instanceof Response) return { data: null, redirect: thrown.headers.get('location') };
    throw thrown;
  }
};

const unusedTokens = async (userId: string) =>
  (await server.db.select().from(userTokens).where(eq(userTokens.userId, userId))).filter((row) => !row.usedAt);

const crossSite = { 'sec-fetch-site': 'cross-site' };

describe('pages opened from e-mailed links', () => {
  it('/verify-email: the GET shows a button and spends nothing; the POST confirms and logs in', async () => {
    const email = `links-${Date.now()}@example.test`;
    const signUp = await server.request();
    await signUp.caller.account.register({ name: 'Linda', email, password: TEST_PASSWORD });
    const token = tokenFromMail(await server.mail.last(email), '/verify-email');
    const browser = cookieJar(signUp.cookies);

    const opened = await remixCall(`/verify-email?token=${token}`, { headers: crossSite, cookies: browser });
    const page = await settle(verifyEmailRoute.loader(opened.args));
    expect(page).toEqual({
      data: { token, isValid: true, email, needsPassword: false, message: null },
      redirect: null,
    });
    expect(tokenFromCookies(opened.cookies)).toBeNull();
    const me = await server.request({ cookies: browser });
    expect(await me.caller.account.me()).toBeNull();
    const [user] = await server.db.select().from(users).where(eq(users.email, email));
    expect(await unusedTokens(user!.id)).toHaveLength(1);

    const pressed = await remixCall('/verify-email', { cookies: browser, form: { token } });
    expect(await settle(verifyEmailRoute.action(pressed.args))).toEqual({ data: null, redirect: '/app?welcome=1' });
    const session = tokenFromCookies(pressed.cookies);
    expect(await (await server.request({ token: session })).caller.account.me()).toMatchObject({
      email,
      emailVerified: true,
    });
    expect(await unusedTokens(user!.id)).toHaveLength(0);
  });

  it('/sign-in-link and /confirm-email have no loader that could spend; their POSTs do', async () => {
    expect('loader' in signInLinkRoute).toBe(false);
    expect('loader' in confirmEmailRoute).toBe(false);

    const user = await createLoginUser(server.db);
    await (await server.request()).caller.account.requestSignInLink({ email: user.email });
    const token = tokenFromMail(await server.mail.last(user.email), '/sign-in-link');
    const pressed = await remixCall('/sign-in-link', { form: { token } });
    expect(await settle(signInLinkRoute.action(pressed.args))).toEqual({ data: null, redirect: '/app' });
    expect(
      await (await server.request({ token: tokenFromCookies(pressed.cookies) })).caller.account.me(),
    ).toMatchObject({ id: user.id });
  });

  it('a cross-site POST to the button is refused', async () => {
    const user = await createLoginUser(server.db);
    await (await server.request()).caller.account.requestSignInLink({ email: user.email });
    const token = tokenFromMail(await server.mail.last(user.email), '/sign-in-link');
    const forged = await remixCall('/sign-in-link', { headers: { origin: 'https://evil.example' }, form: { token } });
    expect(await signInLinkRoute.action(forged.args)).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
      message: 'This request came from another site and was refused.',
    });
    expect(forged.cookies).toEqual([]);
    expect(await unusedTokens(user.id)).toHaveLength(1);
  });

  it('the procedures that spend a link refuse a Remix GET outright, whatever page would call them', async () => {
    const loader = await server.request({ transport: 'caller', method: 'GET', headers: crossSite });
    const token = 'a'.repeat(52);
    for (const call of [
      () => loader.caller.account.verifyEmail({ token }),
      () => loader.caller.account.confirmEmailChange({ token }),
      () => loader.caller.account.signInWithLink({ token }),
    ]) {
      await expect(call()).toFailWith({ code: 'METHOD_NOT_SUPPORTED' });
    }
  });
});
