import { http, HttpResponse } from 'msw';

export type TFakeGitHubUser = {
  id: number;
  login: string;
  name?: string | null;
  emails: Array<{ email: string; primary: boolean; verified: boolean }>;
};

/**
 * GitHub's OAuth token endpoint and the two REST endpoints Parley reads,
 * faked at the HTTP boundary. A test plays the person approving access by
 * calling `approve(user)` (which returns the code GitHub would put in the
 * callback); the token endpoint checks the client credentials and the
 * redirect URI, and trades each code once, as GitHub does.
 */
export function fakeGitHub(options: { clientId: string; clientSecret: string; redirectUri: string }) {
  const codes = new Map<string, TFakeGitHubUser>();
  const accessTokens = new Map<string, TFakeGitHubUser>();
  /** Every form body the token endpoint received, in order. */
  const tokenRequests: URLSearchParams[] = [];
  let counter = 0;

  const userFor = (request: Request) => {
    const token = request.headers.get('authorization')?.replace(/^Bearer /, '') ?? '';
    return accessTokens.get(token) ?? null;
  };
  const unauthorized = () => HttpResponse.json({ message: 'Requires authentication' }, { status: 401 });

  const handlers = [
    http.post('https://github.com/login/oauth/access_token', async ({ request }) => {
      const body = new URLSearchParams(await request.text());
      tokenRequests.push(body);
      // GitHub answers token errors with status 200 and an `error` field.
      const credentials = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
      if (request.headers.get('authorization') !== credentials) {
        return HttpResponse.json({ error: 'incorrect_client_credentials' });
      }
      if (body.get('redirect_uri') !== options.redirectUri) {
        return HttpResponse.json({ error: 'redirect_uri_mismatch' });
      }
      const code = body.get('code') ?? '';
      const user = codes.get(code);
      if (!user) return HttpResponse.json({ error: 'bad_verification_code' });
      codes.delete(code);
      counter += 1;
      const accessToken = `gho_fake${counter}`;
      accessTokens.set(accessToken, user);
      return HttpResponse.json({ access_token: accessToken, token_type: 'bearer', scope: 'read:user,user:email' });
    }),
    http.get('https://api.github.com/user', ({ request }) => {
      const user = userFor(request);
      if (!user) return unauthorized();
      return HttpResponse.json({ id: user.id, login: user.login, name: user.name ?? null });
    }),
    http.get('https://api.github.com/user/emails', ({ request }) => {
      const user = userFor(request);
      if (!user) return unauthorized();
      return HttpResponse.json(user.emails.map((entry) => ({ ...entry, visibility: null })));
    }),
  ];

  return {
    handlers,
    tokenRequests,
    /** The person approves access as `user`: the code GitHub would send back. */
    approve: (user: TFakeGitHubUser) => {
      counter += 1;
      const code = `ghcode${counter}`;
      codes.set(code, user);
      return code;
    },
  };
}
