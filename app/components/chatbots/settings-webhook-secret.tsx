import { useTranslation } from 'react-i18next';
import { useCopy } from '~/lib/use-copy';
import { buttonSecondary } from '~/lib/styles';

/**
 * The secret the webhook receiver verifies requests with (Standard Webhooks).
 * Rotating it is its own small form, outside the settings form it sits in visually.
 */
export function WebhookSecret({ secret }: { secret: string }) {
  const { t } = useTranslation();
  const { isCopied, copy } = useCopy(secret, {
    copied: t('chatbots:webhookSecret.copied'),
    refused: t('chatbots:webhookSecret.copyRefused'),
  });
  return (
    <div className="space-y-2">
      <p id="webhook-secret-label" className="text-sm font-medium text-slate-800 dark:text-slate-200">
        {t('chatbots:webhookSecret.label')}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        <code
          aria-labelledby="webhook-secret-label"
          className="min-w-0 rounded bg-slate-100 px-2 py-1 font-mono text-xs break-all text-slate-900 dark:bg-slate-800 dark:text-slate-100"
        >
          {secret}
        </code>
        <button type="button" onClick={copy} className={buttonSecondary}>
          <span aria-live="polite">{isCopied ? t('common:actions.copied') : t('chatbots:webhookSecret.copy')}</span>
        </button>
        <button type="submit" form="rotate-webhook-secret" className={buttonSecondary}>
          {t('chatbots:webhookSecret.rotate')}
        </button>
      </div>
      <p className="text-xs text-slate-600 dark:text-slate-400">{t('chatbots:webhookSecret.help')}</p>
    </div>
  );
}
