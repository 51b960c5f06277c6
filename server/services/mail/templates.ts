import type { TMailMessage } from './send';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!);

export type TMailContent = {
  to: string;
  subject: string;
  heading: string;
  paragraphs: string[];
  /** The one thing to do, as a button in HTML and a bare link in text. */
  action?: { label: string; url: string };
  /** A quiet closing line, e.g. why the mail was sent or when the link expires. */
  footer?: string;
};

/** Plain-text and HTML bodies from the same content; every piece of text is escaped in HTML. */
export function renderMail(content: TMailContent): TMailMessage {
  const text = [
    content.heading,
    '',
    ...content.paragraphs.flatMap((paragraph) => [paragraph, '']),
    ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
    ...(content.footer ? [content.footer] : []),
  ]
    .join('\n')
    .trim();

  const html = `<!doctype html>
<html><body style="margin:0;padding:24px;background:#f6f7fb;font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:#111827">
<div style="max-width:520px;margin:0 auto;background:#ffffff;border-radius:12px;padding:32px">
<p style="margin:0 0 16px;font-weight:700;color:#4f46e5">Parley</p>
<h1 style="margin:0 0 16px;font-size:20px">${escapeHtml(content.heading)}</h1>
${content.paragraphs.map((paragraph) => `<p style="margin:0 0 16px;line-height:1.5">${escapeHtml(paragraph)}</p>`).join('\n')}
${
  content.action
    ? `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:8px;font-weight:600">${escapeHtml(content.action.label)}</a></p>
<p style="margin:0 0 16px;font-size:13px;color:#6b7280;word-break:break-all">${escapeHtml(content.action.url)}</p>`
    : ''
}
${content.footer ? `<p style="margin:24px 0 0;font-size:13px;color:#6b7280">${escapeHtml(content.footer)}</p>` : ''}
</div></body></html>`;

  return { to: content.to, subject: content.subject, text, html };
}
