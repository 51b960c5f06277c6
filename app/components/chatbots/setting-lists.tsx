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
  return (
    <ListField
      legend="Websites"
      name="allowedOrigins"
      initial={initial}
      addLabel="Add a website"
      removeLabel="Remove website"
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
  description = 'Shown as buttons under the greeting. Up to 6, at most 120 characters each.',
}: {
  initial: readonly string[];
  errorsFor: (name: string) => string[] | undefined;
  disabled?: boolean;
  description?: string;
}) {
  return (
    <ListField
      legend="Suggested questions"
      name="settings.suggestedQuestions"
      initial={initial}
      addLabel="Add a question"
      removeLabel="Remove question"
      placeholder="How do I return an item?"
      description={description}
      max={6}
      maxLength={120}
      errors={errorsFor('settings.suggestedQuestions')}
      errorsAt={(index) => errorsFor(`settings.suggestedQuestions.${index}`)}
      disabled={disabled}
    />
  );
}
