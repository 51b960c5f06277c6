import { useTranslation } from 'react-i18next';
import { ListField } from './settings-fields';

/** The allowed websites list, as Settings and the wizard's last step both edit it. */
export function WebsitesField({
  initial,
  errorsFor,
  disabled,
}: {
  initial: readonly string[];
  errorsFor: (name: string) => string[] | undefined;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <ListField
      legend={t('chatbots:lists.websites')}
      name="allowedOrigins"
      initial={initial}
      addLabel={t('chatbots:lists.addWebsite')}
      removeLabel={t('chatbots:lists.removeWebsite')}
      placeholder="https://www.example.com"
      max={50}
      maxLength={2048}
      inputMode="url"
      errors={errorsFor('allowedOrigins')}
      errorsAt={(index) => errorsFor(`allowedOrigins.${index}`)}
      disabled={disabled}
    />
  );
}

/** The suggested questions list, as Settings and the wizard's knowledge step both edit it. */
export function SuggestedQuestionsField({
  initial,
  errorsFor,
  disabled,
  description,
}: {
  initial: readonly string[];
  errorsFor: (name: string) => string[] | undefined;
  disabled?: boolean;
  /** Help under the legend; by default, what the questions are and their limits. */
  description?: string;
}) {
  const { t } = useTranslation();
  return (
    <ListField
      legend={t('chatbots:lists.questions')}
      name="settings.suggestedQuestions"
      initial={initial}
      addLabel={t('chatbots:lists.addQuestion')}
      removeLabel={t('chatbots:lists.removeQuestion')}
      placeholder={t('chatbots:lists.questionPlaceholder')}
      description={description ?? t('chatbots:lists.questionsHelp')}
      max={6}
      maxLength={120}
      errors={errorsFor('settings.suggestedQuestions')}
      errorsAt={(index) => errorsFor(`settings.suggestedQuestions.${index}`)}
      disabled={disabled}
    />
  );
}
