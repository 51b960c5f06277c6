import { Form } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FormMessage, TextField } from '~/components/form-fields';
import { failureFor, successFor, type TAccountAnswer } from './answers';
import { Section, SectionButton } from './section';

export function ProfileForm({ name, answer }: { name: string; answer: TAccountAnswer }) {
  const failure = failureFor(answer, 'profile');
  const { t } = useTranslation();
  return (
    <Section id="profile" title={t('settings:profile.title')}>
      <Form method="post" className="space-y-4" noValidate>
        <input type="hidden" name="intent" value="profile" />
        <FormMessage message={failure?.message} />
        <FormMessage tone="success" message={successFor(answer, 'profile') ? t('settings:profile.saved') : null} />
        <TextField
          label={t('settings:profile.name')}
          name="name"
          autoComplete="name"
          required
          maxLength={100}
          defaultValue={failure?.values.name ?? name}
          // A new key after saving shows the stored (trimmed) name instead of the old default.
          key={name}
          errors={failure?.fieldErrors.name}
        />
        <SectionButton intent="profile" pendingLabel={t('common:actions.saving')}>
          {t('settings:profile.save')}
        </SectionButton>
      </Form>
    </Section>
  );
}
