import { Trans, useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  const snippet = buildEmbedSnippet(appUrl, publicKey);
  const { isCopied, copy } = useCopy(snippet, {
    copied: t('chatbots:embed.copied'),
    refused: t('chatbots:embed.copyRefused'),
  });

  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        <Trans
          i18nKey="chatbots:embed.intro"
          components={{ code: <code className="font-mono text-xs">{'</body>'}</code> }}
        />
      </p>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
        <pre
          aria-label={t('chatbots:embed.snippetLabel')}
          data-testid="embed-snippet"
          className="min-w-0 flex-1 overflow-x-auto rounded-md bg-slate-950 px-3 py-2.5 font-mono text-xs leading-relaxed text-slate-100 whitespace-pre-wrap break-all ring-1 ring-slate-800"
        >
          <code>{snippet}</code>
        </pre>
        <button type="button" onClick={copy} className={`${buttonSecondary} shrink-0`}>
          <span aria-live="polite">{isCopied ? t('common:actions.copied') : t('chatbots:embed.copy')}</span>
        </button>
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">{t('chatbots:embed.onlyAllowed')}</p>
      {demoUrl && (
        <p className="text-sm">
          <Trans
            i18nKey="chatbots:embed.demo"
            components={{
              demo: (
                <a
                  href={demoUrl}
                  target="_blank"
                  rel="noreferrer"
                  className="font-medium text-brand-700 underline underline-offset-2 dark:text-brand-300"
                />
              ),
              muted: <span className="text-slate-600 dark:text-slate-400" />,
            }}
          />
        </p>
      )}
      <details className="group rounded-md ring-1 ring-slate-200 dark:ring-slate-800">
        <summary className="cursor-pointer px-3 py-2 text-sm font-medium text-slate-800 dark:text-slate-200">
          {t('chatbots:embed.hostApi.summary')}
        </summary>
        <div className="space-y-2 border-t border-slate-200 px-3 py-3 text-sm text-slate-600 dark:border-slate-800 dark:text-slate-400">
          <p>{t('chatbots:embed.hostApi.intro')}</p>
          <pre
            aria-label={t('chatbots:embed.hostApi.exampleLabel')}
            className="overflow-x-auto rounded-md bg-slate-950 px-3 py-2.5 font-mono text-xs leading-relaxed text-slate-100 ring-1 ring-slate-800"
          >
            <code>{HOST_API_EXAMPLE}</code>
          </pre>
        </div>
      </details>
    </div>
  );
}
