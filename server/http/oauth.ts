import express, { type Request, type Response } from 'express';
import { requestLanguage } from '../../shared/i18n/detect';
import { z } from 'zod';
import { safeRedirect } from '../../shared/redirect-to';
import { AppError } from '../errors';
import type { TEnv } from '../env';
import { readCookie, readSessionToken, serializeCookie, sessionCookie } from '../services/account/cookies';
import {
  beginOAuth,
  fetchOAuthProfile,
  isOAuthProvider,
  OAuthError,
  oauthFeatures,
  signInWithOAuth,
  type TOAuthErrorCode,
} from '../services/account/oauth';
import { authLimiters, consumeLimit } from '../services/account/rate-limits';
import { invalidateSession, validateSessionToken } from '../services/account/sessions';
import { hashesEqual } from '../services/account/tokens';
import type { ServerDeps } from '../trpc/context';
import { toHeaders } from './headers';

/** Long enough to pick an account and approve; short enough that a stale flow cannot be finished later. */
const FLOW_MAX_AGE_SECONDS = 10 * 60;

/** The flow in progress, kept in this browser only: the state to compare, Google's PKCE verifier, where to go after. */
const ZOAuthFlow = z.object({
  provider: z.enum(['github', 'google']),
  state: z.string().min(1).max(200),
  codeVerifier: z.string().min(1).max(200).nullable(),
  redirectTo: z.string().max(2000),
});
type TOAuthFlow = z.infer<typeof ZOAuthFlow>;

// Same cookie rules as the session's: `__Host-` + Secure wherever it has them, HttpOnly, and
// Lax, not Strict: the callback is a top-level navigation coming from the provider's site.
const flowCookie = (env: TEnv, value: string, maxAgeSeconds: number) =>
  serializeCookie(env, 'oauth', value, maxAgeSeconds);

function readFlow(env: TEnv, headers: Headers): TOAuthFlow | null {
  const value = readCookie(env, headers, 'oauth', /^[\w-]+$/);
  if (!value) return null;
  try {
    const json: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    const parsed = ZOAuthFlow.safeParse(json);
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const single = (value: unknown) => (typeof value === 'string' ? value : null);

/**
 * `GET /auth/:provider` starts a sign-in with GitHub or Google and
 * `GET /auth/:provider/callback` finishes it: state (and Google's PKCE
 * verifier) checked against the cookie set at the start, the identity
 * linked or created, a new session. Every failure lands on
 * `/login?error=<code>`, which the log-in page puts into words.
 */
export function oauthRoutes(deps: ServerDeps) {
  const { env, database } = deps;
  const router = express.Router();

  const fail = (res: Response, code: TOAuthErrorCode, redirectTo?: string) => {
    const params = new URLSearchParams({ error: code });
    if (redirectTo && redirectTo !== '/app') params.set('redirectTo', redirectTo);
    res.redirect(302, `/login?${params}`);
  };

  router.get('/auth/:provider', (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    const provider = req.params.provider;
    if (!isOAuthProvider(provider) || !oauthFeatures(env)[provider]) return fail(res, 'oauth_unavailable');
    const redirectTo = safeRedirect(single(req.query.redirectTo));
    const { url, state, codeVerifier } = beginOAuth(env, provider);
    const flow: TOAuthFlow = { provider, state, codeVerifier, redirectTo };
    res.append(
      'Set-Cookie',
      flowCookie(env, Buffer.from(JSON.stringify(flow)).toString('base64url'), FLOW_MAX_AGE_SECONDS),
    );
    res.redirect(302, url.toString());
  });

  router.get('/auth/:provider/callback', async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    // The code in this URL must not leak to the next page's requests.
    res.setHeader('referrer-policy', 'no-referrer');
    const headers = toHeaders(req.headers);
    const flow = readFlow(env, headers);
    // One flow, one callback: the cookie goes whatever happens next.
    res.append('Set-Cookie', flowCookie(env, '', 0));
    const provider = req.params.provider;
    if (!isOAuthProvider(provider) || !oauthFeatures(env)[provider]) return fail(res, 'oauth_unavailable');
    const redirectTo = flow?.redirectTo;

    const providerError = single(req.query.error);
    if (providerError) {
      req.log.info({ provider, providerError }, 'OAuth sign-in not completed at the provider');
      return fail(res, providerError === 'access_denied' ? 'oauth_denied' : 'oauth_failed', redirectTo);
    }

    try {
      await consumeLimit(authLimiters(database).oauthIp, req.ip ?? 'unknown');
    } catch (error) {
      if (error instanceof AppError && error.code === 'TOO_MANY_REQUESTS') return fail(res, 'oauth_rate_limited');
      req.log.error({ err: error, provider }, 'OAuth rate limit check failed');
      return fail(res, 'oauth_failed', redirectTo);
    }

    const state = single(req.query.state);
    const code = single(req.query.code);
    // A callback this browser did not start (or started for another provider) is refused: that is the CSRF defence.
    if (!flow || flow.provider !== provider || !state || !code || !hashesEqual(state, flow.state)) {
      return fail(res, 'oauth_state', redirectTo);
    }

    try {
      const profile = await fetchOAuthProfile(env, { provider, code, codeVerifier: flow.codeVerifier });
      const { token, session } = await signInWithOAuth(
        database.db,
        profile,
        { ip: req.ip ?? null, userAgent: headers.get('user-agent') },
        requestLanguage(headers),
      );
      // The session this browser held (if any) is replaced, not left behind.
      const previous = readSessionToken(env, headers);
      const validated = previous ? await validateSessionToken(database.db, previous) : null;
      if (validated) await invalidateSession(database.db, validated.session.id);
      res.append('Set-Cookie', sessionCookie(env, token, session.expiresAt));
      res.redirect(302, safeRedirect(flow.redirectTo));
    } catch (error) {
      if (!(error instanceof OAuthError)) {
        req.log.error({ err: error, provider }, 'OAuth sign-in failed');
        return fail(res, 'oauth_failed', redirectTo);
      }
      req.log.warn({ err: error, provider, code: error.code }, 'OAuth sign-in refused');
      return fail(res, error.code, redirectTo);
    }
  });

  return router;
}
