import { Form } from '@remix-run/react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { FormMessage } from '~/components/form-fields';
import { announceThemeChange } from '~/hooks/use-theme';
import { THEMES, THEME_LABEL_KEYS, type TTheme } from '~/lib/theme';
import { failureFor, successFor, type TAccountAnswer } from './answers';
import { APP_LANGUAGES } from '../../../shared/languages';
import { Section, SectionButton } from './section';

type TPreferences = { theme: TTheme; language: string; notifications: { emailOnHandoff: boolean; browser: boolean } };

const checkboxClass =
  'mt-0.5 size-4 shrink-0 rounded border-slate-300 text-brand-600 accent-brand-600 focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2 dark:border-slate-600 dark:accent-brand-400 dark:focus-visible:ring-offset-slate-900';

export function PreferencesForm({ preferences, answer }: { preferences: TPreferences; answer: TAccountAnswer }) {
  const failure = failureFor(answer, 'preferences');
  const saved = successFor(answer, 'preferences');
  const values = failure?.values;
  const { t } = useTranslation();
  useEffect(() => {
    // Other open tabs repaint with the new theme, as after the header switch.
    if (saved) announceThemeChange(saved.data.theme);
  }, [saved]);

  return (
    <Section id="preferences" title={t('settings:preferences.title')}>
      <Form method="post" className="space-y-6" noValidate>
        <input type="hidden" name="intent" value="preferences" />
        <FormMessage message={failure?.message} />
        <FormMessage tone="success" message={saved ? t('settings:preferences.saved') : null} />
        {/* Keyed by what is stored so a save (or a reload) shows the saved state. */}
        <div key={JSON.stringify(preferences)} className="space-y-6">
          <fieldset>
            <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">
              {t('settings:preferences.theme')}
            </legend>
            <div className="mt-2 flex flex-wrap gap-2">
              {THEMES.map((theme) => (
                <label
                  key={theme}
                  className="inline-flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm text-slate-800 ring-1 ring-slate-300 has-checked:bg-brand-50 has-checked:ring-2 has-checked:ring-brand-600 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-brand-600 dark:text-slate-200 dark:ring-slate-700 dark:has-checked:bg-slate-800 dark:has-checked:ring-brand-400"
                >
                  <input
                    type="radio"
                    name="theme"
                    value={theme}
                    defaultChecked={(values?.theme ?? preferences.theme) === theme}
                    className="size-4 accent-brand-600 focus:outline-none dark:accent-brand-400"
                  />
                  {t(THEME_LABEL_KEYS[theme])}
                </label>
              ))}
            </div>
            {failure?.fieldErrors.theme && (
              <p className="mt-1.5 text-sm text-red-700 dark:text-red-400">{failure.fieldErrors.theme[0]}</p>
            )}
          </fieldset>

          <div>
            <label htmlFor="language" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
              {t('settings:preferences.language')}
            </label>
            <select
              id="language"
              name="language"
              aria-describedby="language-description"
              defaultValue={values?.language ?? preferences.language}
              className="mt-1.5 block w-full max-w-xs rounded-md border-0 bg-white py-2 pr-8 pl-3 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600 focus:outline-none dark:bg-slate-900 dark:text-white dark:ring-slate-700 dark:focus:ring-brand-400"
            >
              {APP_LANGUAGES.map((language) => (
                <option key={language.value} value={language.value}>
                  {language.label}
                </option>
              ))}
            </select>
            <p id="language-description" className="mt-1.5 text-sm text-slate-600 dark:text-slate-400">
              {t('settings:preferences.languageHelp')}
            </p>
          </div>

          <fieldset>
            <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">
              {t('settings:preferences.notifications')}
            </legend>
            <div className="mt-2 space-y-3">
              <label className="flex items-start gap-3 text-sm text-slate-700 dark:text-slate-300">
                <input
                  type="checkbox"
                  name="emailOnHandoff"
                  // After a refusal the boxes show what was sent: a box that was sent was ticked.
                  defaultChecked={values ? 'emailOnHandoff' in values : preferences.notifications.emailOnHandoff}
                  className={checkboxClass}
                />
                {t('settings:preferences.emailOnHandoff')}
              </label>
              <label className="flex items-start gap-3 text-sm text-slate-700 dark:text-slate-300">
                <input
                  type="checkbox"
                  name="browser"
                  defaultChecked={values ? 'browser' in values : preferences.notifications.browser}
                  className={checkboxClass}
                />
                {t('settings:preferences.browser')}
              </label>
            </div>
          </fieldset>
        </div>
        <SectionButton intent="preferences" pendingLabel={t('common:actions.saving')}>
          {t('settings:preferences.save')}
        </SectionButton>
      </Form>
    </Section>
  );
}
