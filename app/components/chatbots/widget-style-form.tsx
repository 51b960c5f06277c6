import { Form, useNavigation } from '@remix-run/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FormMessage, TextField } from '~/components/form-fields';
import { buttonPrimary } from '~/lib/styles';
import {
  MAX_CORNER_RADIUS,
  MAX_LAUNCHER_LABEL,
  normaliseHexColor,
  WIDGET_FONT_IDS,
  WIDGET_FONTS,
  type TWidgetFont,
} from '../../../shared/widget-look';
import { RadioGroup, Select } from './settings-fields';
import { WidgetPreview } from './widget-preview';
import type { TWidgetStyleResult } from './widget-style-action.server';

/** Tells the action of a page with several forms (the setup wizard) that this one was sent. */
export const WIDGET_STYLE_INTENT = 'widget-style';

type TWidgetStyle = {
  primaryColor: string;
  position: string;
  launcherLabel: string;
  theme: string;
  cornerRadius: number;
  font: string;
};

/** The light and dark schemes' names, for the theme choice and the preview's switch. */
const SCHEMES = { light: 'chatbots:widgetStyle.light', dark: 'chatbots:widgetStyle.dark' } as const;

type TStyledChatbot = {
  name: string;
  widget: TWidgetStyle;
  settings: { greeting: string; suggestedQuestions: readonly string[] };
};

/**
 * The widget's look, edited with a live preview beside it (the real frame
 * when `frameUrl` is given). Used by the Widget tab and the setup wizard;
 * both post it to an action that calls saveWidgetStyle.
 */
export function WidgetStyleForm({
  chatbot,
  isAdmin,
  failure,
  frameUrl,
}: {
  chatbot: TStyledChatbot;
  isAdmin: boolean;
  failure?: TWidgetStyleResult;
  frameUrl?: string | null;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const isSaving = navigation.state === 'submitting';
  const fontOptions = WIDGET_FONT_IDS.map((id) => ({ value: id, label: t(WIDGET_FONTS[id].label) }));
  const stored = chatbot.widget;
  const value = (name: keyof typeof stored) =>
    (failure && !failure.ok ? failure.values[`widget.${name}`] : undefined) ?? String(stored[name]);
  const errorsFor = (name: string) => failure?.fieldErrors[`widget.${name}`];

  const [primaryColor, setPrimaryColor] = useState(value('primaryColor'));
  const [position, setPosition] = useState(value('position'));
  const [launcherLabel, setLauncherLabel] = useState(value('launcherLabel'));
  const [theme, setTheme] = useState(value('theme'));
  const [cornerRadius, setCornerRadius] = useState(value('cornerRadius'));
  const [font, setFont] = useState(value('font'));
  // `auto` follows each visitor's system; the preview shows one scheme at a time.
  const [previewScheme, setPreviewScheme] = useState<'light' | 'dark'>(theme === 'dark' ? 'dark' : 'light');
  const scheme = theme === 'auto' ? previewScheme : (theme as 'light' | 'dark');
  const swatch = normaliseHexColor(primaryColor) ?? '#4f46e5';

  return (
    <div className="grid gap-8 lg:grid-cols-2">
      <Form method="post" noValidate aria-label={t('chatbots:widgetStyle.heading')} className="space-y-5">
        <input type="hidden" name="intent" value={WIDGET_STYLE_INTENT} />
        <h2 className="text-base font-semibold text-slate-900 dark:text-white">{t('chatbots:widgetStyle.heading')}</h2>
        {!isAdmin && (
          <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-300">
            {t('chatbots:widgetStyle.readOnly')}
          </p>
        )}
        <fieldset disabled={!isAdmin} className="space-y-5">
          <div>
            <TextField
              label={t('chatbots:widgetStyle.colour')}
              name="widget.primaryColor"
              value={primaryColor}
              onChange={(event) => setPrimaryColor(event.target.value)}
              maxLength={7}
              spellCheck={false}
              autoComplete="off"
              errors={errorsFor('primaryColor')}
              description={t('chatbots:widgetStyle.colourHelp')}
            />
            <label className="mt-2 inline-flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
              <input
                type="color"
                value={swatch}
                onChange={(event) => setPrimaryColor(event.target.value)}
                className="h-9 w-12 cursor-pointer rounded border-0 bg-transparent p-0"
              />
              {t('chatbots:widgetStyle.pickColour')}
            </label>
          </div>
          <TextField
            label={t('chatbots:widgetStyle.launcherLabel')}
            name="widget.launcherLabel"
            value={launcherLabel}
            onChange={(event) => setLauncherLabel(event.target.value)}
            maxLength={MAX_LAUNCHER_LABEL}
            errors={errorsFor('launcherLabel')}
            description={t('chatbots:widgetStyle.launcherLabelHelp')}
          />
          <div className="grid gap-5 sm:grid-cols-2">
            <RadioGroup
              legend={t('chatbots:widgetStyle.position')}
              name="widget.position"
              value={position}
              onChange={setPosition}
              errors={errorsFor('position')}
              options={[
                { value: 'bottom-right', label: t('chatbots:widgetStyle.bottomRight') },
                { value: 'bottom-left', label: t('chatbots:widgetStyle.bottomLeft') },
              ]}
            />
            <RadioGroup
              legend={t('chatbots:widgetStyle.theme')}
              name="widget.theme"
              value={theme}
              onChange={setTheme}
              errors={errorsFor('theme')}
              options={[
                {
                  value: 'auto',
                  label: t('chatbots:widgetStyle.automatic'),
                  hint: t('chatbots:widgetStyle.automaticHint'),
                },
                { value: 'light', label: t(SCHEMES.light) },
                { value: 'dark', label: t(SCHEMES.dark) },
              ]}
            />
          </div>
          <div>
            <label htmlFor="corner-radius" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
              {t('chatbots:widgetStyle.cornerRadius')}{' '}
              <output htmlFor="corner-radius">
                {t('chatbots:widgetStyle.pixels', { value: Number(cornerRadius) })}
              </output>
            </label>
            <input
              id="corner-radius"
              type="range"
              name="widget.cornerRadius"
              min={0}
              max={MAX_CORNER_RADIUS}
              step={1}
              value={cornerRadius}
              onChange={(event) => setCornerRadius(event.target.value)}
              className="mt-2 w-full accent-brand-600"
            />
            {errorsFor('cornerRadius') && (
              <p className="mt-1.5 text-sm text-red-700 dark:text-red-400">{errorsFor('cornerRadius')![0]}</p>
            )}
          </div>
          <Select
            label={t('chatbots:widgetStyle.font')}
            name="widget.font"
            options={fontOptions}
            value={font}
            onChange={(event) => setFont(event.target.value)}
            errors={errorsFor('font')}
            description={t('chatbots:widgetStyle.fontHelp')}
          />
        </fieldset>
        {isAdmin && (
          <div className="space-y-3">
            <FormMessage message={failure?.message} />
            <button type="submit" className={buttonPrimary} disabled={isSaving}>
              {isSaving ? t('common:actions.saving') : t('chatbots:widgetStyle.save')}
            </button>
          </div>
        )}
      </Form>

      {/* First on a phone, so a change shows right above the fields; beside them, and in view, on wide screens. */}
      <div className="order-first space-y-3 lg:sticky lg:top-20 lg:order-none lg:self-start">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-base font-semibold text-slate-900 dark:text-white">
            {t('chatbots:widgetStyle.preview')}
          </h2>
          {theme === 'auto' && (
            <div role="group" aria-label={t('chatbots:widgetStyle.previewScheme')} className="flex gap-1 text-xs">
              {(['light', 'dark'] as const).map((option) => (
                <button
                  key={option}
                  type="button"
                  aria-pressed={previewScheme === option}
                  onClick={() => setPreviewScheme(option)}
                  className="rounded-md px-2.5 py-1 font-medium text-slate-600 ring-1 ring-slate-300 aria-pressed:bg-slate-900 aria-pressed:text-white dark:text-slate-300 dark:ring-slate-700 dark:aria-pressed:bg-white dark:aria-pressed:text-slate-900"
                >
                  {t(SCHEMES[option])}
                </button>
              ))}
            </div>
          )}
        </div>
        <WidgetPreview
          frameUrl={frameUrl}
          botName={chatbot.name}
          greeting={chatbot.settings.greeting}
          suggestedQuestions={chatbot.settings.suggestedQuestions}
          style={{
            primaryColor,
            position: position === 'bottom-left' ? 'bottom-left' : 'bottom-right',
            launcherLabel,
            scheme,
            cornerRadius: Number(cornerRadius),
            font: (font in WIDGET_FONTS ? font : 'system') as TWidgetFont,
          }}
        />
        <p className="text-xs text-slate-600 dark:text-slate-400">
          {frameUrl ? t('chatbots:widgetStyle.liveNote') : t('chatbots:widgetStyle.pictureNote')}
        </p>
      </div>
    </div>
  );
}
