import { Trans, useTranslation } from 'react-i18next';

/** Nothing open yet: a hint where the conversation will show. */
export default function InboxEmpty() {
  const { t } = useTranslation();
  return (
    <div className="flex min-h-[24rem] items-center justify-center rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
      <div>
        <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{t('inbox:empty.title')}</h2>
        <p className="mx-auto mt-2 max-w-sm text-sm text-slate-600 dark:text-slate-400">
          <Trans i18nKey="inbox:empty.hint" components={{ em: <em /> }} />
        </p>
      </div>
    </div>
  );
}
