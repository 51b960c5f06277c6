import type { TOAuthErrorCode } from '../../server/services/account/oauth';

/**
 * What the log-in page says for `/login?error=<code>` after a GitHub or
 * Google sign-in went wrong. Only known codes are shown, so a crafted link
 * cannot put words of its choosing on the page.
 */
const MESSAGES = {
  oauth_unavailable: 'That sign-in method is not set up on this Parley. Log in with your e-mail and password instead.',
  oauth_denied: 'Sign-in was cancelled. Try again, or log in with your e-mail and password.',
  oauth_state: 'That sign-in expired or was started in another browser. Please try again.',
  oauth_no_email:
    'Your account there has no verified e-mail address we can use. Verify your primary address with the provider, then try again.',
  oauth_failed: 'We could not complete sign-in with the provider. Please try again in a moment.',
  oauth_rate_limited: 'Too many sign-in attempts from your network. Please wait a while, then try again.',
} satisfies Record<TOAuthErrorCode, string>;

export const oauthErrorMessage = (code: string | null) =>
  code && Object.hasOwn(MESSAGES, code) ? MESSAGES[code as TOAuthErrorCode] : null;
