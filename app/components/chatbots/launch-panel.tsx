import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FormMessage } from '~/components/form-fields';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';
import type { TLaunchResult } from './launch-action.server';
import { WebsitesField } from './setting-lists';
import { StatusBadge } from './status-badge';

type TChatbot = { status: 'draft' | 'live' | 'paused'; allowedOrigins: string[] };

const STATUS_TEXT = {
  draft: 'chatbots:launch.status.draft',
  paused: 'chatbots:launch.status.paused',
  live: 'chatbots:launch.status.live',
} as const;

/**
 * The wizard's last step after the snippet: which websites may show the
 * chat, and going live, each saved on its own so either can be done first.
 */
export function LaunchPanel({ chatbot, result }: { chatbot: TChatbot; result?: TLaunchResult }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const pending = navigation.state === 'submitting' ? navigation.formData?.get('intent') : null;
  const failed = result && !result.ok ? result : undefined;
  const errorsFor = (name: string) => failed?.fieldErrors[name];
  const hasSites = chatbot.allowedOrigins.length > 0;
  return (
    <div className="space-y-6">
      <Form
        method="post"
        key={`websites-${result?.launchIntent === 'websites' ? result.answeredAt : ''}`}
        className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800"
        aria-labelledby="launch-websites-heading"
      >
        <input type="hidden" name="intent" value="websites" />
        <h2 id="launch-websites-heading" className="text-base font-semibold text-slate-900 dark:text-white">
          {t('chatbots:launch.websitesHeading')}
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">{t('chatbots:launch.websitesIntro')}</p>
        <WebsitesField
          initial={
            failed?.launchIntent === 'websites' ? failed.allowedOrigins : hasSites ? chatbot.allowedOrigins : ['']
          }
          errorsFor={errorsFor}
        />
        {failed?.launchIntent === 'websites' && <FormMessage message={failed.message} />}
        {result?.ok && result.launchIntent === 'websites' && (
          <FormMessage tone="success" message={t('chatbots:launch.websitesSaved')} />
        )}
        <button type="submit" className={buttonSecondary} disabled={pending === 'websites'}>
          {pending === 'websites' ? t('common:actions.saving') : t('chatbots:launch.saveWebsites')}
        </button>
      </Form>

      <Form
        method="post"
        className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800"
        aria-labelledby="launch-status-heading"
      >
        <input type="hidden" name="intent" value="goLive" />
        <h2
          id="launch-status-heading"
          className="flex items-center gap-2 text-base font-semibold text-slate-900 dark:text-white"
        >
          {t('chatbots:launch.goLiveHeading')} <StatusBadge status={chatbot.status} />
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="launch-status-text">
          {t(STATUS_TEXT[chatbot.status])}
          {chatbot.status !== 'live' && !hasSites && ` ${t('chatbots:launch.allowFirst')}`}
        </p>
        {failed?.launchIntent === 'goLive' && <FormMessage message={failed.message} />}
        {chatbot.status !== 'live' && (
          <button type="submit" className={buttonPrimary} disabled={pending === 'goLive'}>
            {pending === 'goLive' ? t('chatbots:launch.goingLive') : t('chatbots:launch.goLive')}
          </button>
        )}
      </Form>
    </div>
  );
}
