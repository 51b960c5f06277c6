import { createHash } from 'node:crypto';
import { http, HttpResponse } from 'msw';

export type TFakeGoogleClaims = {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  /** Defaults to the client ID the fake was made for. */
  aud?: string;
  iss?: string;
};

const base64url = (value: string) => Buffer.from(value).toString('base64url');

/**
 * Google's OAuth token endpoint, faked at the HTTP boundary. `approve`
 * takes the authorization URL Parley redirected to (so the PKCE challenge
 * in it is remembered, as Google does) and returns the callback's code; the
 * token endpoint refuses a code whose `code_verifier` does not hash to that
 * challenge, and answers with an ID token carrying the given claims
 * (unsigned: Parley reads it straight from this endpoint over TLS).
 */
export function fakeGoogle(options: { clientId: string; clientSecret: string; redirectUri: string }) {
  const codes = new Map<string, { claims: TFakeGoogleClaims; codeChallenge: string | null }>();
  /** Every form body the token endpoint received, in order. */
  const tokenRequests: URLSearchParams[] = [];
  let counter = 0;

  const handlers = [
    http.post('https://oauth2.googleapis.com/token', async ({ request }) => {
      const body = new URLSearchParams(await request.text());
      tokenRequests.push(body);
      const credentials = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
      if (request.headers.get('authorization') !== credentials) {
        return HttpResponse.json({ error: 'invalid_client' }, { status: 401 });
      }
      const grant = codes.get(body.get('code') ?? '');
      const verifier = body.get('code_verifier');
      const isVerified =
        grant?.codeChallenge != null &&
        verifier != null &&
        createHash('sha256').update(verifier).digest('base64url') === grant.codeChallenge;
      if (!grant || !isVerified || body.get('redirect_uri') !== options.redirectUri) {
        return HttpResponse.json({ error: 'invalid_grant', error_description: 'Bad Request' }, { status: 400 });
      }
      codes.delete(body.get('code')!);
      const now = Math.floor(Date.now() / 1000);
      const claims = {
        iss: 'https://accounts.google.com',
        aud: options.clientId,
        iat: now,
        exp: now + 3600,
        ...grant.claims,
      };
      const idToken = [
        base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' })),
        base64url(JSON.stringify(claims)),
        base64url('not-a-real-signature'),
      ].join('.');
      return HttpResponse.json({
        access_token: `ya29.fake${counter}`,
        expires_in: 3599,
        token_type: 'Bearer',
        scope: 'openid email profile',
        id_token: idToken,
      });
    }),
  ];

  return {
    handlers,
    tokenRequests,
    /** The person approves access at `authorizationUrl` as the account `claims` describe: the callback's code. */
    approve: (authorizationUrl: URL, claims: TFakeGoogleClaims) => {
      counter += 1;
      const code = `4/googlecode${counter}`;
      const method = authorizationUrl.searchParams.get('code_challenge_method');
      codes.set(code, {
        claims,
        codeChallenge: method === 'S256' ? authorizationUrl.searchParams.get('code_challenge') : null,
      });
      return code;
    },
  };
}
