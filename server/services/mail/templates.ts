import type { TAppLanguage } from '../../../shared/languages';
import { translateMessage, type TMessage } from '../../../shared/i18n/server';
import type { TMailMessage } from './send';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

/**
 * A mail's words: keys (with their values) for what Parley says, `{ raw }`
 * for what a person wrote (a reply, a question), never translated.
 */
export type TMailText = TMessage | { raw: string };

/**
 * A mail before it is put into words: queueMail renders it in the
 * recipient's language (theirs if they have an account, else the one the
 * draft names, else the request's, else English).
 */
export type TMailDraft = {
  to: string;
  /** The language to write in when the recipient has no account (an invitee, a visitor). */
  language?: TAppLanguage;
  subject: TMailText;
  heading: TMailText;
  paragraphs: TMailText[];
  /** The one thing to do, as a button in HTML and a bare link in text. */
  action?: { label: TMailText; url: string };
  /** A quiet closing line, e.g. why the mail was sent or when the link expires. */
  footer?: TMailText;
  /** When the longest-lived link in the mail stops working; the local outbox drops the body then. */
  linksExpireAt?: Date;
};

const wordsOf = (language: TAppLanguage, text: TMailText) =>
  typeof text === 'object' && 'raw' in text ? text.raw : translateMessage(language, text);

/** Plain-text and HTML bodies from the same content, in one language; every piece of text is escaped in HTML. */
export function renderMail(draft: TMailDraft, language: TAppLanguage = draft.language ?? 'en'): TMailMessage {
  const say = (text: TMailText) => wordsOf(language, text);
  const heading = say(draft.heading);
  const paragraphs = draft.paragraphs.map(say);
  const action = draft.action && { label: say(draft.action.label), url: draft.action.url };
  const footer = draft.footer && say(draft.footer);
  const text = [
    heading,
    '',
    ...paragraphs.flatMap((paragraph) => [paragraph, '']),
    ...(action ? [`${action.label}: ${action.url}`, ''] : []),
    ...(footer ? [footer] : []),
  ]
    .join('\n')
    .trim();

  const html = `<!doctype html>
<html lang="${language}"><body style="margin:0;padding:24px;background:#f6f7fb;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111827">
<div style="max-width:520px;margin:0 auto;background:#ffffff;border-radius:12px;padding:32px">
<p style="margin:0 0 16px;font-weight:700;color:#4f46e5">Parley</p>
<h1 style="margin:0 0 16px;font-size:20px">${escapeHtml(heading)}</h1>
${paragraphs.map((paragraph) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(paragraph)}</p>`).join('\n')}
${
  action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:8px;font-weight:600">${escapeHtml(action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#6b7280;word-break:break-all">${escapeHtml(action.url)}</p>`
    : ''
}
${footer ? `<p style="margin:24px 0 0;font-size:13px;color:#6b7280">${escapeHtml(footer)}</p>` : ''}
</div></body></html>`;

  return {
    to: draft.to,
    subject: say(draft.subject),
    text,
    html,
    ...(draft.linksExpireAt ? { linksExpireAt: draft.linksExpireAt } : {}),
  };
}

/** How a mail writes a moment (`{{at, datetime}} UTC`): the reader's date format, in UTC as the text says. */
export const MAIL_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' };
