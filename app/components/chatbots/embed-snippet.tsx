import { buildEmbedSnippet } from '~/lib/embed';
import { buttonSecondary } from '~/lib/styles';
import { useCopy } from '~/lib/use-copy';

type EmbedSnippetProps = { appUrl: string; publicKey: string };

/** The one-line `<script>` tag a site owner pastes into their pages, with a copy button. */
export function EmbedSnippet({ appUrl, publicKey }: EmbedSnippetProps) {
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
      <p className="text-xs text-slate-500 dark:text-slate-400">
        The chat only answers on the websites listed in the chatbot’s allowed origins, and only while it is live.
      </p>
    </div>
  );
}
