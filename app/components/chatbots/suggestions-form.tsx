import { Form, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FormMessage } from '~/components/form-fields';
import { buttonSecondary } from '~/lib/styles';
import type { TLaunchResult } from './launch-action.server';
import { SuggestedQuestionsField } from './setting-lists';

/**
 * The wizard's knowledge step: the questions visitors see as buttons, next
 * to the knowledge that must answer them (templates suggest none, since a
 * template brings no knowledge).
 */
export function SuggestionsForm({ initial, result }: { initial: readonly string[]; result?: TLaunchResult }) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const isSaving = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'suggestions';
  const mine = result?.launchIntent === 'suggestions' ? result : undefined;
  const failed = mine && !mine.ok ? mine : undefined;
  return (
    <Form
      method="post"
      key={`suggestions-${mine?.answeredAt ?? ''}`}
      aria-labelledby="setup-suggestions-heading"
      className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800"
    >
      <input type="hidden" name="intent" value="suggestions" />
      <h2 id="setup-suggestions-heading" className="text-base font-semibold text-slate-900 dark:text-white">
        {t('chatbots:lists.questions')}
      </h2>
      <SuggestedQuestionsField
        initial={failed ? failed.suggestedQuestions : initial}
        errorsFor={(name) => failed?.fieldErrors[name]}
        description={t('chatbots:suggestions.help')}
      />
      {failed && <FormMessage message={failed.message} />}
      {mine?.ok && <FormMessage tone="success" message={t('chatbots:suggestions.saved')} />}
      <button type="submit" className={buttonSecondary} disabled={isSaving}>
        {isSaving ? t('common:actions.saving') : t('chatbots:suggestions.save')}
      </button>
    </Form>
  );
}
