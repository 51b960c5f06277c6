import {
  ArcticFetchError,
  decodeIdToken,
  generateCodeVerifier,
  generateState,
  GitHub,
  Google,
  OAuth2RequestError,
  UnexpectedErrorResponseBodyError,
  UnexpectedResponseError,
} from 'arctic';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import { oauthAccounts, sessions, users } from '../../../db/schema';
import { appUrl, type TEnv } from '../../env';
import { createUserWithWorkspace, isUniqueViolation, normaliseEmail } from './account';
import type { TAppLanguage } from '../../../shared/languages';
import { createSession, type TSessionMeta } from './sessions';

export const OAUTH_PROVIDERS = ['github', 'google'] as const;
export type TOAuthProvider = (typeof OAUTH_PROVIDERS)[number];

export const isOAuthProvider = (value: unknown): value is TOAuthProvider =>
  typeof value === 'string' && (OAUTH_PROVIDERS as readonly string[]).includes(value);

/** Which providers this install offers: a provider is on only when both its ID and secret are set. */
export const oauthFeatures = (env: TEnv): Record<TOAuthProvider, boolean> => ({
  github: Boolean(env.GITHUB_CLIENT_ID && env.GITHUB_CLIENT_SECRET),
  google: Boolean(env.GOOGLE_CLIENT_ID && env.GOOGLE_CLIENT_SECRET),
});

/** Must match, character for character, the callback URL registered with the provider. */
export const oauthRedirectUri = (env: TEnv, provider: TOAuthProvider) => `${appUrl(env)}/auth/${provider}/callback`;

/**
 * Why a sign-in was refused. Only the code leaves the server (as
 * `/login?error=<code>`); the log-in page turns it into a sentence, so no
 * provider text is ever reflected into the page.
 */
export type TOAuthErrorCode =
  'oauth_unavailable' | 'oauth_denied' | 'oauth_state' | 'oauth_no_email' | 'oauth_failed' | 'oauth_rate_limited';

export class OAuthError extends Error {
  constructor(
    readonly code: TOAuthErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OAuthError';
  }
}

const GITHUB_SCOPES = ['read:user', 'user:email'];
const GOOGLE_SCOPES = ['openid', 'profile', 'email'];
const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

const githubClient = (env: TEnv) => {
  if (!env.GITHUB_CLIENT_ID || !env.GITHUB_CLIENT_SECRET)
    throw new OAuthError('oauth_unavailable', 'GitHub sign-in is not configured');
  return new GitHub(env.GITHUB_CLIENT_ID, env.GITHUB_CLIENT_SECRET, oauthRedirectUri(env, 'github'));
};

const googleClient = (env: TEnv) => {
  if (!env.GOOGLE_CLIENT_ID || !env.GOOGLE_CLIENT_SECRET)
    throw new OAuthError('oauth_unavailable', 'Google sign-in is not configured');
  return new Google(env.GOOGLE_CLIENT_ID, env.GOOGLE_CLIENT_SECRET, oauthRedirectUri(env, 'google'));
};

/**
 * The provider's authorization URL with a fresh state, and for Google a PKCE
 * code verifier (arctic 3's GitHub client takes none: GitHub apps are
 * confidential clients and the state cookie binds the flow to this browser).
 */
export function beginOAuth(env: TEnv, provider: TOAuthProvider) {
  const state = generateState();
  if (provider === 'github') {
    return { state, codeVerifier: null, url: githubClient(env).createAuthorizationURL(state, GITHUB_SCOPES) };
  }
  const codeVerifier = generateCodeVerifier();
  const url = googleClient(env).createAuthorizationURL(state, codeVerifier, GOOGLE_SCOPES);
  // Lets people with several Google accounts choose which one, instead of silently using the last.
  url.searchParams.set('prompt', 'select_account');
  return { state, codeVerifier, url };
}

/** What a provider says about the person signing in; `email` only when the provider verified it. */
export type TOAuthProfile = {
  provider: TOAuthProvider;
  providerUserId: string;
  email: string | null;
  name: string;
};

const ZGitHubUser = z.object({ id: z.number(), login: z.string(), name: z.string().nullish() });
const ZGitHubEmails = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

async function githubApi(path: string, accessToken: string) {
  const response = await fetch(`https://api.github.com${path}`, {
    headers: {
      authorization: `Bearer ${accessToken}`,
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      // GitHub refuses API requests without a User-Agent.
      'user-agent': 'Parley',
    },
  });
  if (!response.ok) throw new OAuthError('oauth_failed', `GitHub ${path} answered ${response.status}`);
  return response.json() as Promise<unknown>;
}

async function githubProfile(env: TEnv, code: string): Promise<TOAuthProfile> {
  const tokens = await githubClient(env).validateAuthorizationCode(code);
  const accessToken = tokens.accessToken();
  const [user, emails] = await Promise.all([
    githubApi('/user', accessToken).then((body) => ZGitHubUser.parse(body)),
    githubApi('/user/emails', accessToken).then((body) => ZGitHubEmails.parse(body)),
  ]);
  // The primary address, and only once GitHub has verified it: an unverified one proves nothing.
  const primary = emails.find((entry) => entry.primary && entry.verified);
  return {
    provider: 'github',
    providerUserId: String(user.id),
    email: primary?.email ?? null,
    name: user.name?.trim() || user.login,
  };
}

const ZGoogleClaims = z.object({
  iss: z.string(),
  aud: z.union([z.string(), z.array(z.string())]),
  sub: z.string().min(1),
  email: z.string().optional(),
  email_verified: z.boolean().optional(),
  name: z.string().optional(),
});

/**
 * The ID token's signature is not checked: it came to us directly from
 * Google's token endpoint over TLS, which OpenID Connect Core §3.1.3.7
 * accepts in place of it. Issuer and audience still are, so a token minted
 * for another client cannot be replayed here.
 */
async function googleProfile(env: TEnv, code: string, codeVerifier: string): Promise<TOAuthProfile> {
  const tokens = await googleClient(env).validateAuthorizationCode(code, codeVerifier);
  const claims = ZGoogleClaims.parse(decodeIdToken(tokens.idToken()));
  const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (!GOOGLE_ISSUERS.includes(claims.iss) || !audiences.includes(env.GOOGLE_CLIENT_ID!)) {
    throw new OAuthError('oauth_failed', 'Google ID token has the wrong issuer or audience');
  }
  const email = claims.email && claims.email_verified === true ? claims.email : null;
  return {
    provider: 'google',
    providerUserId: claims.sub,
    email,
    name: claims.name?.trim() || (email ?? claims.email ?? 'Google user').split('@')[0]!,
  };
}

/** Exchanges the callback's code and reads the profile; every provider failure becomes an OAuthError. */
export async function fetchOAuthProfile(
  env: TEnv,
  options: { provider: TOAuthProvider; code: string; codeVerifier: string | null },
): Promise<TOAuthProfile> {
  try {
    if (options.provider === 'github') return await githubProfile(env, options.code);
    if (!options.codeVerifier) throw new OAuthError('oauth_state', 'Google flow without a code verifier');
    return await googleProfile(env, options.code, options.codeVerifier);
  } catch (error) {
    if (error instanceof OAuthError) throw error;
    const isProviderError =
      error instanceof OAuth2RequestError ||
      error instanceof ArcticFetchError ||
      error instanceof UnexpectedResponseError ||
      error instanceof UnexpectedErrorResponseBodyError ||
      error instanceof z.ZodError ||
      (error instanceof Error && error.message === 'Invalid ID token');
    if (isProviderError) throw new OAuthError('oauth_failed', `${options.provider} sign-in failed`, { cause: error });
    throw error;
  }
}

/**
 * The account a provider identity belongs to, linking or creating one:
 * 1. an identity linked before → its user;
 * 2. else a user with the same (provider-verified) e-mail → linked to it;
 * 3. else a new user, verified, without a password, with a personal workspace.
 */
async function resolveUser(db: Db, profile: TOAuthProfile, language: TAppLanguage) {
  return db.transaction(async (tx) => {
    const [linked] = await tx
      .select({ userId: oauthAccounts.userId })
      .from(oauthAccounts)
      .where(
        and(eq(oauthAccounts.provider, profile.provider), eq(oauthAccounts.providerUserId, profile.providerUserId)),
      );
    if (linked) return linked.userId;

    if (!profile.email) throw new OAuthError('oauth_no_email', `${profile.provider} gave no verified e-mail address`);
    const email = normaliseEmail(profile.email);
    const [existing] = await tx.select().from(users).where(eq(users.email, email)).for('update');
    let userId: string;
    if (existing) {
      userId = existing.id;
      if (!existing.emailVerifiedAt) {
        // Nobody ever proved this address, so whoever registered it may not own it: their
        // password and sessions end, or they could sit in the real owner's account
        // ("pre-account takeover"). The owner can set a password with "Forgot password".
        await tx
          .update(users)
          .set({ emailVerifiedAt: new Date(), passwordHash: null, updatedAt: new Date() })
          .where(eq(users.id, userId));
        await tx.delete(sessions).where(eq(sessions.userId, userId));
      }
    } else {
      const name = profile.name.trim().slice(0, 100) || email.split('@')[0]!;
      const user = await createUserWithWorkspace(tx, {
        email,
        name,
        passwordHash: null,
        emailVerifiedAt: new Date(),
        language,
      });
      userId = user.id;
    }
    await tx
      .insert(oauthAccounts)
      .values({ provider: profile.provider, providerUserId: profile.providerUserId, userId });
    return userId;
  });
}

/** Signs the person in (always a new session) and returns it. */
export async function signInWithOAuth(
  db: Db,
  profile: TOAuthProfile,
  meta: TSessionMeta,
  /** The language a new account starts in (the browser's). */
  language: TAppLanguage = 'en',
) {
  let userId: string;
  try {
    userId = await resolveUser(db, profile, language);
  } catch (error) {
    // Two callbacks for one new identity at once: the loser finds what the winner made.
    if (!isUniqueViolation(error)) throw error;
    userId = await resolveUser(db, profile, language);
  }
  return createSession(db, { userId, ...meta });
}
