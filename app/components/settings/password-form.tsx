import { Form } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormMessage, TextField } from '~/components/form-fields';
import { PasswordMeter } from '~/components/password-meter';
import { passwordStrength } from '../../../shared/password-strength';
import { failureFor, successFor, useAnswerCount, type TAccountAnswer } from './answers';
import { NoPasswordNote, Section, SectionButton } from './section';

type TAccount = { email: string; hasPassword: boolean };

export function PasswordForm({ account, answer }: { account: TAccount; answer: TAccountAnswer }) {
  const answerCount = useAnswerCount(answer);
  const [newPassword, setNewPassword] = useState('');
  const strength = passwordStrength(newPassword, account.email);
  const failure = failureFor(answer, 'password');
  const { t } = useTranslation();
  // Every answer, for this form or another, empties the new password too.
  useEffect(() => {
    if (answer) setNewPassword('');
  }, [answer]);

  return (
    <Section id="password" title={t('settings:password.title')}>
      {account.hasPassword ? (
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="password" />
          <FormMessage message={failure?.message} />
          <FormMessage
            tone="success"
            message={successFor(answer, 'password') ? t('settings:password.changed') : null}
          />
          {/* Lets password managers tie the new password to the right account. */}
          <input type="text" name="username" autoComplete="username" value={account.email} readOnly hidden />
          <TextField
            label={t('settings:password.current')}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            key={answerCount}
            errors={failure?.fieldErrors.currentPassword}
          />
          <div>
            <TextField
              label={t('settings:password.new')}
              name="newPassword"
              type="password"
              autoComplete="new-password"
              required
              value={newPassword}
              onChange={(event) => setNewPassword(event.currentTarget.value)}
              errors={failure?.fieldErrors.newPassword}
            />
            {newPassword && <PasswordMeter score={strength.score} problems={strength.problems} />}
          </div>
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('settings:password.note')}</p>
          <SectionButton intent="password" pendingLabel={t('settings:pending.changing')}>
            {t('settings:password.submit')}
          </SectionButton>
        </Form>
      ) : (
        <NoPasswordNote />
      )}
    </Section>
  );
}
