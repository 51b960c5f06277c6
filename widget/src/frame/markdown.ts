/**
 * Message text → safe HTML. micromark with its defaults is CommonMark with
 * the safe settings: raw HTML in the text is escaped (`<script>` shows as
 * text), and link/image URLs with a dangerous protocol (`javascript:`,
 * `data:`, `vbscript:` …) are dropped. What we add afterwards only matches
 * micromark's own output or fixed, escaped-safe patterns.
 */
import { micromark } from 'micromark';
import { CITATION_MARKER, refsIn } from '../../../shared/citations';
import { anchorId } from './anchors';

export const renderMarkdown = (text: string, options: { messageId?: string; refs?: readonly string[] } = {}) => {
  let html = micromark(text);
  // Links open outside the chat frame; nofollow because the text may come from anyone.
  html = html.replace(/<a href="/g, '<a target="_blank" rel="noopener noreferrer nofollow" href="');
  const refs = new Set(options.refs ?? []);
  if (options.messageId && refs.size) {
    html = html.replace(CITATION_MARKER, (whole, list: string) => {
      const known = refsIn(list).filter((ref) => refs.has(ref));
      if (!known.length) return whole;
      return known.map((ref) => `<a class="ref" href="#${anchorId(options.messageId!, ref)}">${ref}</a>`).join('');
    });
  }
  return html;
};
