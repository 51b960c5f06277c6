import { createHash } from 'node:crypto';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { eq } from 'drizzle-orm';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberships, oauthAccounts, sessions, users, workspaces } from '../../db/schema';
import { createLoginUser } from '../../tests/factories/users';
import { createTestApp } from '../../tests/helpers/app';
import { createTestDatabase } from '../../tests/helpers/db';
import { testLog } from '../../tests/helpers/log';
import { fakeGitHub, type TFakeGitHubUser } from '../../tests/mocks/github';
import { fakeGoogle, type TFakeGoogleClaims } from '../../tests/mocks/google';
import { fakeOutsideServices } from '../../tests/mocks/server';
import { startParley, type Parley } from '../app';
import { InvalidEnvError, parseEnv } from '../env';
import type { AppRouter } from '../trpc/router';

const APP_URL = 'http://parley.test';
const GITHUB = { clientId: 'gh-client-id', clientSecret: 'gh-client-secret' };
const GOOGLE = { clientId: 'google-client-id.apps.googleusercontent.com', clientSecret: 'google-client-secret' };

const github = fakeGitHub({ ...GITHUB, redirectUri: `${APP_URL}/auth/github/callback` });
const google = fakeGoogle({ ...GOOGLE, redirectUri: `${APP_URL}/auth/google/callback` });
fakeOutsideServices(...github.handlers, ...google.handlers);

let parley: Parley;
beforeAll(async () => {
  const env = parseEnv({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    APP_URL,
    // Each simulated browser claims its own address through X-Forwarded-For, as a proxy on this machine would.
    TRUST_PROXY: 'loopback',
    GITHUB_CLIENT_ID: GITHUB.clientId,
    GITHUB_CLIENT_SECRET: GITHUB.clientSecret,
    GOOGLE_CLIENT_ID: GOOGLE.clientId,
    GOOGLE_CLIENT_SECRET: GOOGLE.clientSecret,
  });
  parley = await startParley(env, testLog, { database: await createTestDatabase(), serveWebApp: false });
});
afterAll(() => parley?.close());

const db = () => parley.deps.database.db;

let ipCounter = 0;

/** A browser as far as these routes care: a cookie jar, redirects not followed, its own address. */
function newBrowser() {
  ipCounter += 1;
  const ip = `10.77.0.${ipCounter}`;
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  return {
    jar,
    cookieHeader,
    get: async (path: string) => {
      const response = await fetch(new URL(path, parley.url), {
        redirect: 'manual',
        // TRUST_PROXY=loopback: each browser counts as its own IP.
        headers: { cookie: cookieHeader(), 'x-forwarded-for': ip, 'user-agent': 'vitest' },
      });
      for (const header of response.headers.getSetCookie()) {
        const [pair] = header.split(';');
        const index = pair!.indexOf('=');
        const name = pair!.slice(0, index);
        const value = pair!.slice(index + 1);
        if (/max-age=0(;|$)/i.test(header) || value === '') jar.delete(name);
        else jar.set(name, value);
      }
      return response;
    },
    me: () =>
      createTRPCClient<AppRouter>({
        links: [
          httpBatchLink({ url: `${parley.url}/api/trpc`, transformer: superjson, headers: { cookie: cookieHeader() } }),
        ],
      }).account.me.query(),
  };
}
type TBrowser = ReturnType<typeof newBrowser>;

const location = (response: Response) => response.headers.get('location');

/** Starts the flow, lets `approve` play the person at the provider, and returns the callback's answer. */
async function signIn(
  browser: TBrowser,
  provider: 'github' | 'google',
  approve: (authorizationUrl: URL) => string,
  options: { redirectTo?: string } = {},
) {
  const query = options.redirectTo ? `?redirectTo=${encodeURIComponent(options.redirectTo)}` : '';
  const start = await browser.get(`/auth/${provider}${query}`);
  expect(start.status).toBe(302);
  const authorizationUrl = new URL(location(start)!);
  const state = authorizationUrl.searchParams.get('state')!;
  const code = approve(authorizationUrl);
  return browser.get(`/auth/${provider}/callback?${new URLSearchParams({ code, state })}`);
}

const withGitHub = (browser: TBrowser, user: TFakeGitHubUser, options?: { redirectTo?: string }) =>
  signIn(browser, 'github', () => github.approve(user), options);
const withGoogle = (browser: TBrowser, claims: TFakeGoogleClaims) =>
  signIn(browser, 'google', (url) => google.approve(url, claims));

const usersWithEmail = (email: string) => db().select().from(users).where(eq(users.email, email));

describe('sign-in with GitHub', () => {
  const octo: TFakeGitHubUser = {
    id: 583231,
    login: 'octocat',
    name: 'Octo Cat',
    emails: [
      { email: 'octo-old@example.com', primary: false, verified: true },
      { email: 'Octo@Example.com', primary: true, verified: true },
    ],
  };

  it('sends the browser to GitHub with a state kept in a short-lived HttpOnly, Lax cookie', async () => {
    const browser = newBrowser();
    const start = await browser.get('/auth/github?redirectTo=/app/inbox');
    expect(start.status).toBe(302);
    const url = new URL(location(start)!);
    expect(url.origin + url.pathname).toBe('https://github.com/login/oauth/authorize');
    expect(url.searchParams.get('client_id')).toBe(GITHUB.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(`${APP_URL}/auth/github/callback`);
    expect(url.searchParams.get('scope')).toContain('user:email');
    expect(url.searchParams.get('state')).toMatch(/^[\w-]{20,}$/);
    const [cookie] = start.headers.getSetCookie();
    expect(cookie).toMatch(/^parley_oauth=[\w-]+; Path=\/; Max-Age=600; HttpOnly; SameSite=Lax$/);
  });

  it('creates a verified, password-less account with a personal workspace, and logs it in', async () => {
    const browser = newBrowser();
    const callback = await withGitHub(browser, octo, { redirectTo: '/app/inbox' });
    expect(callback.status).toBe(302);
    expect(location(callback)).toBe('/app/inbox');
    // The flow cookie is spent; a session cookie took its place.
    expect(browser.jar.has('parley_oauth')).toBe(false);
    expect(browser.jar.get('parley_session')).toMatch(/^[a-z2-7]+\.[a-z2-7]+$/);

    expect(await browser.me()).toMatchObject({
      email: 'octo@example.com',
      name: 'Octo Cat',
      emailVerified: true,
      hasPassword: false,
    });
    const [user] = await usersWithEmail('octo@example.com');
    const owned = await db()
      .select({ name: workspaces.name, role: memberships.role })
      .from(memberships)
      .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
      .where(eq(memberships.userId, user!.id));
    expect(owned).toEqual([{ name: "Octo Cat's workspace", role: 'owner' }]);
    expect(user!.lastWorkspaceId).toBeTruthy();
    expect(await db().select().from(oauthAccounts).where(eq(oauthAccounts.userId, user!.id))).toMatchObject([
      { provider: 'github', providerUserId: '583231' },
    ]);
  });

  it('logs the same GitHub identity into the same account, in a new session, even after its e-mail changed', async () => {
    const browser = newBrowser();
    await withGitHub(browser, octo);
    const firstToken = browser.jar.get('parley_session');
    // Back with a foreign redirectTo: it is ignored, never followed.
    const again = await withGitHub(
      browser,
      { ...octo, emails: [{ email: 'octo-new@example.com', primary: true, verified: true }] },
      { redirectTo: '//evil.example/steal' },
    );
    expect(location(again)).toBe('/app');
    const secondToken = browser.jar.get('parley_session');
    expect(secondToken).toBeTruthy();
    expect(secondToken).not.toBe(firstToken);
    expect((await browser.me())?.email).toBe('octo@example.com');
    expect(await usersWithEmail('octo@example.com')).toHaveLength(1);
    expect(await usersWithEmail('octo-new@example.com')).toHaveLength(0);
    // The session the browser held before was ended, not left behind.
    expect(
      await db()
        .select()
        .from(sessions)
        .where(eq(sessions.id, firstToken!.split('.')[0]!)),
    ).toHaveLength(0);
  });

  it.each(['/\t/evil.example', '/\r\n/evil.example', '/\\/evil.example', '/.//evil.example'])(
    'lands on /app, never elsewhere, when redirectTo is the hostile %j',
    async (redirectTo) => {
      const callback = await withGitHub(newBrowser(), octo, { redirectTo });
      expect(callback.status).toBe(302);
      expect(location(callback)).toBe('/app');
    },
  );

  it('links a password account with the same verified e-mail instead of making a second one', async () => {
    const existing = await createLoginUser(db(), { email: 'grace@example.com', name: 'Grace' });
    const browser = newBrowser();
    const callback = await withGitHub(browser, {
      id: 1001,
      login: 'grace',
      name: 'Grace H.',
      emails: [{ email: 'grace@example.com', primary: true, verified: true }],
    });
    expect(location(callback)).toBe('/app');
    expect(await browser.me()).toMatchObject({ id: existing.id, name: 'Grace', hasPassword: true });
    expect(await usersWithEmail('grace@example.com')).toHaveLength(1);
    expect(await db().select().from(oauthAccounts).where(eq(oauthAccounts.userId, existing.id))).toHaveLength(1);
  });

  it('takes over an unverified account only after ending the password and sessions nobody proved', async () => {
    // Someone registered this address first without ever confirming it (a pre-account-takeover attempt).
    const squatter = await createLoginUser(db(), { email: 'lin@example.com', isVerified: false });
    await db()
      .insert(sessions)
      .values({
        id: 'squattersession',
        secretHash: 'x',
        userId: squatter.id,
        expiresAt: new Date(Date.now() + 60_000),
        absoluteExpiresAt: new Date(Date.now() + 60_000),
      });
    const browser = newBrowser();
    await withGitHub(browser, {
      id: 1002,
      login: 'lin',
      emails: [{ email: 'lin@example.com', primary: true, verified: true }],
    });
    expect(await browser.me()).toMatchObject({ id: squatter.id, emailVerified: true, hasPassword: false });
    expect(await db().select().from(sessions).where(eq(sessions.id, 'squattersession'))).toHaveLength(0);
  });

  it('refuses a callback whose state does not match the cookie, before asking GitHub for a token', async () => {
    const browser = newBrowser();
    const start = await browser.get('/auth/github');
    expect(start.status).toBe(302);
    const requestsBefore = github.tokenRequests.length;
    const forged = await browser.get(`/auth/github/callback?code=${github.approve(octo)}&state=forged-state`);
    expect(forged.status).toBe(302);
    expect(location(forged)).toBe('/login?error=oauth_state');
    expect(browser.jar.has('parley_session')).toBe(false);

    // A callback this browser never started (no flow cookie at all) is refused the same way.
    const stranger = newBrowser();
    const url = new URL(location(start)!);
    const replayed = await stranger.get(
      `/auth/github/callback?code=${github.approve(octo)}&state=${url.searchParams.get('state')}`,
    );
    expect(location(replayed)).toBe('/login?error=oauth_state');
    expect(stranger.jar.has('parley_session')).toBe(false);
    expect(github.tokenRequests.length).toBe(requestsBefore);
  });

  it('refuses an identity without a primary verified e-mail and creates nothing', async () => {
    const countBefore = (await db().select().from(users)).length;
    for (const emails of [
      [],
      [{ email: 'unverified@example.com', primary: true, verified: false }],
      [{ email: 'secondary@example.com', primary: false, verified: true }],
    ]) {
      const browser = newBrowser();
      const callback = await withGitHub(browser, { id: 2000 + emails.length, login: 'ghost', emails });
      expect(location(callback)).toBe('/login?error=oauth_no_email');
      expect(browser.jar.has('parley_session')).toBe(false);
    }
    expect(await db().select().from(users)).toHaveLength(countBefore);
    expect(await usersWithEmail('unverified@example.com')).toHaveLength(0);
  });

  it('sends a person who declined at GitHub back to the log-in page, keeping where they were going', async () => {
    const browser = newBrowser();
    const start = await browser.get('/auth/github?redirectTo=/app/settings');
    const state = new URL(location(start)!).searchParams.get('state')!;
    const denied = await browser.get(`/auth/github/callback?error=access_denied&state=${state}`);
    expect(location(denied)).toBe('/login?error=oauth_denied&redirectTo=%2Fapp%2Fsettings');
    expect(browser.jar.has('parley_oauth')).toBe(false);
  });

  it('limits callbacks per IP', async () => {
    const browser = newBrowser();
    let last: Response | null = null;
    for (let attempt = 0; attempt < 61; attempt += 1) {
      last = await browser.get('/auth/github/callback?code=x&state=y');
    }
    expect(location(last!)).toBe('/login?error=oauth_rate_limited');
    // Another address is not affected.
    expect(location(await newBrowser().get('/auth/github/callback?code=x&state=y'))).toBe('/login?error=oauth_state');
  });
});

describe('sign-in with Google', () => {
  it('uses PKCE: the token request carries the verifier whose S256 is the challenge sent to Google', async () => {
    const browser = newBrowser();
    let challenge: string | null = null;
    const callback = await signIn(browser, 'google', (url) => {
      expect(url.origin + url.pathname).toBe('https://accounts.google.com/o/oauth2/v2/auth');
      expect(url.searchParams.get('code_challenge_method')).toBe('S256');
      expect(url.searchParams.get('scope')).toBe('openid profile email');
      challenge = url.searchParams.get('code_challenge');
      return google.approve(url, { sub: 'g-100', email: 'ada@example.org', email_verified: true, name: 'Ada L.' });
    });
    expect(location(callback)).toBe('/app');
    const verifier = google.tokenRequests.at(-1)!.get('code_verifier');
    expect(verifier).toBeTruthy();
    expect(createHash('sha256').update(verifier!).digest('base64url')).toBe(challenge);
    expect(await browser.me()).toMatchObject({ email: 'ada@example.org', name: 'Ada L.', emailVerified: true });
  });

  it('refuses an e-mail Google has not verified, and one it did not send', async () => {
    for (const claims of [
      { sub: 'g-200', email: 'unsure@example.org', email_verified: false },
      { sub: 'g-201', name: 'No Mail' },
    ]) {
      const browser = newBrowser();
      expect(location(await withGoogle(browser, claims))).toBe('/login?error=oauth_no_email');
      expect(browser.jar.has('parley_session')).toBe(false);
    }
    expect(await usersWithEmail('unsure@example.org')).toHaveLength(0);
  });

  it('refuses an ID token issued for another client', async () => {
    const browser = newBrowser();
    const callback = await withGoogle(browser, {
      sub: 'g-300',
      email: 'mallory@example.org',
      email_verified: true,
      aud: 'someone-else.apps.googleusercontent.com',
    });
    expect(location(callback)).toBe('/login?error=oauth_failed');
    expect(await usersWithEmail('mallory@example.org')).toHaveLength(0);
  });

  it('does not let a GitHub flow be finished at the Google callback', async () => {
    const browser = newBrowser();
    const start = await browser.get('/auth/github');
    const state = new URL(location(start)!).searchParams.get('state')!;
    const crossed = await browser.get(`/auth/google/callback?code=whatever&state=${state}`);
    expect(location(crossed)).toBe('/login?error=oauth_state');
  });
});

describe('OAuth configuration', () => {
  it('offers the configured providers in system.features', async () => {
    const client = createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: `${parley.url}/api/trpc`, transformer: superjson })],
    });
    expect((await client.system.features.query()).oauth).toEqual({ github: true, google: true });
  });

  it('hides providers that are not configured', async () => {
    const server = await createTestApp({ env: { GITHUB_CLIENT_ID: 'id', GITHUB_CLIENT_SECRET: 'secret' } });
    const { caller } = await server.request();
    expect((await caller.system.features()).oauth).toEqual({ github: true, google: false });
    const bare = await createTestApp({ database: server.database });
    expect((await (await bare.request()).caller.system.features()).oauth).toEqual({ github: false, google: false });
    await bare.close();
    await server.close();
  });

  it('sends people asking for an unknown provider back to log in', async () => {
    expect(location(await newBrowser().get('/auth/facebook'))).toBe('/login?error=oauth_unavailable');
  });

  it('refuses to start with half a provider configured, naming the missing setting', () => {
    expect(() => parseEnv({ GITHUB_CLIENT_ID: 'id' })).toThrow(InvalidEnvError);
    expect(() => parseEnv({ GITHUB_CLIENT_ID: 'id' })).toThrow(
      /GITHUB_CLIENT_SECRET: must be set when GITHUB_CLIENT_ID/,
    );
    expect(() => parseEnv({ GOOGLE_CLIENT_SECRET: 'secret', PORT: 'x' })).toThrow(
      /GOOGLE_CLIENT_ID: must be set when GOOGLE_CLIENT_SECRET[\s\S]*PORT|PORT[\s\S]*GOOGLE_CLIENT_ID: must be set/,
    );
  });
});
