/** What a browser keeps between requests in tests: cookies, and the tokens mailed to it. */

/** The session token in the last Set-Cookie that carries one (null when it was cleared). */
export const tokenFromCookies = (cookies: string[]) => {
  for (const header of [...cookies].reverse()) {
    const match = /^(?:__Host-)?parley_session=([^;]*)/.exec(header);
    if (match) return match[1] || null;
  }
  return null;
};

/** The `name=value` pairs a browser would keep from Set-Cookie headers (cleared ones dropped), later ones winning. */
export const cookieJar = (setCookies: string[], previous: string[] = []) => {
  const jar = new Map(previous.map((pair) => [pair.slice(0, pair.indexOf('=')), pair]));
  for (const header of setCookies) {
    const pair = header.split(';')[0]!;
    const name = pair.slice(0, pair.indexOf('='));
    if (/Max-Age=0(;|$)/.test(header) || pair.endsWith('=')) jar.delete(name);
    else jar.set(name, pair);
  }
  return [...jar.values()];
};

/** The token in a link of a mail's text body, e.g. `/verify-email?token=…`. */
export const tokenFromMail = (mail: { text: string | null } | null, path: string) => {
  const match = new RegExp(`${path}\\?token=([a-z2-7]+)`).exec(mail?.text ?? '');
  if (!match) throw new Error(`No ${path} link in the mail`);
  return match[1]!;
};
