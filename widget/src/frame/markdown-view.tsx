import { useEffect, useState } from 'preact/hooks';
import type { renderMarkdown } from './markdown';

type TMarkdownModule = { renderMarkdown: typeof renderMarkdown };
let markdownModule: TMarkdownModule | null = null;
let markdownLoading: Promise<TMarkdownModule> | null = null;

/**
 * Markdown text. The renderer (micromark, a third of the frame's script) loads
 * right after the first paint instead of with it; until then the text shows
 * as plain text, which is what it is.
 */
export function Markdown(props: { text: string; messageId?: string; refs?: string[] }) {
  const [, setLoaded] = useState(!!markdownModule);
  useEffect(() => {
    if (markdownModule) return;
    markdownLoading ??= import('./markdown');
    markdownLoading.then(
      (module) => {
        markdownModule = module;
        setLoaded(true);
      },
      () => undefined,
    );
  }, []);
  if (!markdownModule) return <div class="bubble plain">{props.text}</div>;
  const html = markdownModule.renderMarkdown(props.text, { messageId: props.messageId, refs: props.refs });
  return <div class="bubble md" dangerouslySetInnerHTML={{ __html: html }} />;
}
