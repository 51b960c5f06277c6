import { buildEmbedSnippet, HOST_API_EXAMPLE } from '~/lib/embed';
import { buttonSecondary } from '~/lib/styles';
import { useCopy } from '~/lib/use-copy';

type EmbedSnippetProps = { appUrl: string; publicKey: string; demoUrl?: string };

/**
 * The one-line `<script>` tag a site owner pastes into their pages, with a
 * copy button; how their page can drive the chat; and a link to try it on a
 * demo page at once.
 */
export function EmbedSnippet({ appUrl, publicKey, demoUrl }: EmbedSnippetProps) {
  const snippet = buildEmbedSnippet(appUrl, publicKey);
  const { isCopied, copy } = useCopy(snippet, {
    copied: 'Embed snippet copied. Paste it into your site’s HTML.',
    refused: 'Copying is not allowed here. Select the snippet and copy it yourself.',
  });

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        Paste this line just before <code className="font-mono text-xs">&lt;/body&gt;</code> on every page where the
        chat should appear. It loads asynchronously, so it never slows your page down.
      </p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
        <pre
          aria-label="Embed snippet"
          data-testid="embed-snippet"
          className="min-w-0 flex-1 overflow-x-auto rounded-md bg-slate-950 px-3 py-2.5 font-mono text-xs leading-relaxed text-slate-100 whitespace-pre-wrap break-all ring-1 ring-slate-800"
        >
          <code>{snippet}</code>
        </pre>
        <button type="button" onClick={copy} className={`${buttonSecondary} shrink-0`}>
          <span aria-live="polite">{isCopied ? 'Copied' : 'Copy snippet'}</span>
        </button>
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">
        The chat only answers on the websites listed in the chatbot’s allowed origins, and only while it is live.
      </p>
      {demoUrl && (
        <p className="text-sm">
          <a
            href={demoUrl}
            target="_blank"
            rel="noreferrer"
            className="font-medium text-brand-700 underline underline-offset-2 dark:text-brand-300"
          >
            Try it on a demo page
          </a>{' '}
          <span className="text-slate-600 dark:text-slate-400">
            — the real widget on a stand-in website, even before it is live.
          </span>
        </p>
      )}
      <details className="group rounded-md ring-1 ring-slate-200 dark:ring-slate-800">
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800 dark:text-slate-200">
          Control the chat from your page (optional)
        </summary>
        <div className="space-y-2 border-t border-slate-200 px-3 py-3 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <p>
            Tell the chat who the visitor is and what they are looking at, open it from your own buttons, and react to
            its events. Calls made before the widget has loaded are kept and run once it has.
          </p>
          <pre
            aria-label="Host page API example"
            className="overflow-x-auto rounded-md bg-slate-950 px-3 py-2.5 font-mono text-xs leading-relaxed text-slate-100 ring-1 ring-slate-800"
          >
            <code>{HOST_API_EXAMPLE}</code>
          </pre>
        </div>
      </details>
    </div>
  );
}
