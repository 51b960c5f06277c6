import { Form, useLocation, useRouteLoaderData, useSubmit } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import type { loader as rootLoader } from '~/root';
import { useHydrated } from '~/hooks/use-hydrated';
import { APP_LANGUAGES } from '../../shared/languages';

/**
 * The language of signed-out pages (signed-in people choose theirs in their
 * settings). Changing the select submits at once; without JavaScript a
 * button does.
 */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const locale = useRouteLoaderData<typeof rootLoader>('root')?.locale ?? 'en';
  const location = useLocation();
  const submit = useSubmit();
  const isHydrated = useHydrated();
  return (
    <Form method="post" action="/resources/language" className="flex items-center gap-2 text-sm">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}${location.hash}`} />
      <label htmlFor="site-language" className="text-slate-600 dark:text-slate-400">
        {t('common:language.label')}
      </label>
      <select
        id="site-language"
        name="language"
        defaultValue={locale}
        key={locale}
        onChange={(event) => submit(event.currentTarget.form)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        {APP_LANGUAGES.map((language) => (
          <option key={language.value} value={language.value} lang={language.value}>
            {language.label}
          </option>
        ))}
      </select>
      {!isHydrated && (
        <button type="submit" className="rounded-md px-2 py-1 font-medium text-brand-700 underline dark:text-brand-300">
          {t('common:language.apply')}
        </button>
      )}
    </Form>
  );
}
