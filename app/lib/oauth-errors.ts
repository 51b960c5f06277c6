import type { TFunction } from 'i18next';
import type { TOAuthErrorCode } from '../../server/services/account/oauth';

/**
 * What the log-in page says for `/login?error=<code>` after a GitHub or
 * Google sign-in went wrong. Only known codes are shown, so a crafted link
 * cannot put words of its choosing on the page.
 */
const MESSAGES = {
  oauth_unavailable: 'auth:oauth.errors.unavailable',
  oauth_denied: 'auth:oauth.errors.denied',
  oauth_state: 'auth:oauth.errors.state',
  oauth_no_email: 'auth:oauth.errors.noEmail',
  oauth_failed: 'auth:oauth.errors.failed',
  oauth_rate_limited: 'auth:oauth.errors.rateLimited',
} satisfies Record<TOAuthErrorCode, string>;

export const oauthErrorMessage = (t: TFunction, code: string | null) =>
  code && Object.hasOwn(MESSAGES, code) ? t(MESSAGES[code as TOAuthErrorCode]) : null;
