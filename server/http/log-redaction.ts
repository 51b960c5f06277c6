const REDACTED = '[redacted]';

/**
 * Query parameters that carry a secret: e-mail links (`/verify-email`,
 * `/reset-password`, `/confirm-email`: `token`), the widget's preview token
 * (`/widget/config`, `/widget/frame`: `preview`) and the OAuth callback's
 * one-time `code` and `state`. Compared case-insensitively.
 */
const SECRET_PARAMS = new Set(['token', 'preview', 'code', 'state']);

/** Paths whose last part is the secret: an invitation link is `/invitations/<token>`. */
const SECRET_PATHS = [/^(\/invitations\/)[^/?#]+/i];

/**
 * A request URL fit for the log: the path and every parameter name stay
 * (they tell what happened), the one-time tokens go. Works on the raw
 * string so an odd or malformed URL is still logged, never thrown on.
 */
export const redactUrl = (url: string): string => {
  const queryAt = url.indexOf('?');
  let path = queryAt === -1 ? url : url.slice(0, queryAt);
  for (const pattern of SECRET_PATHS) path = path.replace(pattern, `$1${REDACTED}`);
  if (queryAt === -1) return path;
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const rawName = equals === -1 ? pair : pair.slice(0, equals);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: compare the name as written.
      }
      return SECRET_PARAMS.has(name.trim().toLowerCase()) ? `${rawName}=${REDACTED}` : pair;
    })
    .join('&');
  return `${path}?${query}`;
};
