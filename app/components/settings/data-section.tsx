import { Form, useRevalidator } from '@remix-run/react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormMessage, TextField } from '~/components/form-fields';
import { useFormat, type TFormat } from '~/lib/format';
import { formatUtc } from '~/lib/user-agent';
import { buttonDanger } from '~/lib/styles';
import { failureFor, successFor, useAnswerCount, type TAccountAnswer } from './answers';
import { linkClass, Section, SectionButton } from './section';

type TExport = {
  id: string;
  status: 'queued' | 'running' | 'ready' | 'failed';
  progress: number;
  size: number | null;
  createdAt: string | Date;
  expiresAt: string | Date | null;
  downloadUrl: string | null;
};

const kb = (format: TFormat, bytes: number) => format.number(Math.max(1, Math.round(bytes / 1024)));

/** "Download my data": ask for the archive; it is prepared in the background and listed here when ready. */
export function YourDataSection({ exports, answer }: { exports: TExport[]; answer: TAccountAnswer }) {
  const failure = failureFor(answer, 'data-export');
  const revalidator = useRevalidator();
  const isPreparing = exports.some((e) => e.status === 'queued' || e.status === 'running');
  const { t } = useTranslation();
  const format = useFormat();
  // While an archive is being prepared, look again every few seconds.
  useEffect(() => {
    if (!isPreparing) return;
    const timer = setInterval(() => revalidator.state === 'idle' && revalidator.revalidate(), 3000);
    return () => clearInterval(timer);
  }, [isPreparing, revalidator]);

  return (
    <Section id="your-data" title={t('settings:yourData.title')} description={t('settings:yourData.description')}>
      <Form method="post" className="space-y-4" noValidate>
        <input type="hidden" name="intent" value="data-export" />
        <FormMessage message={failure?.message} />
        <FormMessage
          tone="success"
          message={successFor(answer, 'data-export') ? t('settings:yourData.preparing') : null}
        />
        <SectionButton intent="data-export" pendingLabel={t('settings:pending.asking')} variant="secondary">
          {t('settings:yourData.submit')}
        </SectionButton>
      </Form>
      {exports.length > 0 && (
        <ul
          aria-label={t('settings:yourData.list')}
          className="mt-4 divide-y divide-slate-100 text-sm dark:divide-slate-800"
        >
          {exports.map((item) => (
            <li key={item.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
              <span className="text-slate-700 dark:text-slate-300">
                {t('settings:exports.askedFor', { date: formatUtc(item.createdAt, format) })}
              </span>
              {item.status === 'ready' && item.downloadUrl ? (
                <span>
                  <a href={item.downloadUrl} className={linkClass} download>
                    {item.size === null
                      ? t('settings:exports.download')
                      : t('settings:exports.downloadWithSize', { size: kb(format, item.size) })}
                  </a>
                  {item.expiresAt && (
                    <span className="ml-2 text-slate-600 dark:text-slate-400">
                      {t('settings:exports.until', { date: formatUtc(item.expiresAt, format) })}
                    </span>
                  )}
                </span>
              ) : item.status === 'failed' ? (
                <span className="text-red-700 dark:text-red-300">{t('settings:exports.failed')}</span>
              ) : (
                <span role="status" className="text-slate-600 dark:text-slate-400">
                  {t('settings:exports.progress', { progress: format.percent(item.progress / 100) })}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

type TDeletion = {
  hasPassword: boolean;
  blocking: { id: string; name: string }[];
  deletedWithIt: { id: string; name: string }[];
};

/** "Delete my account": re-authentication and the typed address; blocked while a team would lose its only owner. */
export function DeleteAccountSection({
  email,
  deletion,
  answer,
}: {
  email: string;
  deletion: TDeletion;
  answer: TAccountAnswer;
}) {
  const failure = failureFor(answer, 'delete-account');
  const answerCount = useAnswerCount(answer);
  const { t } = useTranslation();
  const { blocking, deletedWithIt } = deletion;
  return (
    <Section id="delete-account" title={t('settings:deleteAccount.title')}>
      {blocking.length > 0 ? (
        <p className="text-sm text-slate-700 dark:text-slate-300">
          {t('settings:deleteAccount.blocked', { count: blocking.length, names: blocking.map((w) => w.name) })}
        </p>
      ) : (
        <Form method="post" className="space-y-4" noValidate>
          <input type="hidden" name="intent" value="delete-account" />
          <p className="text-sm text-slate-700 dark:text-slate-300">
            {t('settings:deleteAccount.warning')}
            {deletedWithIt.length > 0 &&
              ` ${t('settings:deleteAccount.deletedWithIt', {
                count: deletedWithIt.length,
                names: deletedWithIt.map((w) => w.name),
              })}`}
          </p>
          <FormMessage message={failure?.message} />
          <input type="text" name="username" autoComplete="username" value={email} readOnly hidden />
          {deletion.hasPassword ? (
            <TextField
              label={t('settings:deleteAccount.password')}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              key={`p-${answerCount}`}
              errors={failure?.fieldErrors.password}
            />
          ) : (
            <p className="text-sm text-slate-600 dark:text-slate-400">
              {t('settings:deleteAccount.oauth')}
              {failure?.fieldErrors.password && (
                <span className="mt-1 block text-red-700 dark:text-red-300">{failure.fieldErrors.password[0]}</span>
              )}
            </p>
          )}
          <TextField
            label={t('settings:deleteAccount.confirmEmail', { email })}
            name="confirmEmail"
            type="email"
            autoComplete="off"
            required
            errors={failure?.fieldErrors.confirmEmail}
          />
          <button type="submit" className={buttonDanger}>
            {t('settings:deleteAccount.submit')}
          </button>
        </Form>
      )}
    </Section>
  );
}
