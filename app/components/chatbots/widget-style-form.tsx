import { Form, useNavigation } from '@remix-run/react';
import { useState } from 'react';
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

const FONT_OPTIONS = WIDGET_FONT_IDS.map((id) => ({ value: id, label: WIDGET_FONTS[id].label }));

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
  const navigation = useNavigation();
  const isSaving = navigation.state === 'submitting';
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
      <Form method="post" noValidate aria-label="Widget style" className="space-y-5">
        <input type="hidden" name="intent" value={WIDGET_STYLE_INTENT} />
        <h2 className="text-base font-semibold text-slate-900 dark:text-white">Widget style</h2>
        {!isAdmin && (
          <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-300">
            You can look at the widget’s style; only admins and owners can change it.
          </p>
        )}
        <fieldset disabled={!isAdmin} className="space-y-5">
          <div>
            <TextField
              label="Main colour"
              name="widget.primaryColor"
              value={primaryColor}
              onChange={(event) => setPrimaryColor(event.target.value)}
              maxLength={7}
              spellCheck={false}
              autoComplete="off"
              errors={errorsFor('primaryColor')}
              description="A hex code, for the launcher, the header and the visitor’s messages."
            />
            <label className="mt-2 inline-flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
              <input
                type="color"
                value={swatch}
                onChange={(event) => setPrimaryColor(event.target.value)}
                className="h-9 w-12 cursor-pointer rounded border-0 bg-transparent p-0"
              />
              Pick a colour
            </label>
          </div>
          <TextField
            label="Launcher label"
            name="widget.launcherLabel"
            value={launcherLabel}
            onChange={(event) => setLauncherLabel(event.target.value)}
            maxLength={MAX_LAUNCHER_LABEL}
            errors={errorsFor('launcherLabel')}
            description="Text next to the chat icon. Leave it empty for a round icon-only button."
          />
          <div className="grid gap-5 sm:grid-cols-2">
            <RadioGroup
              legend="Position"
              name="widget.position"
              value={position}
              onChange={setPosition}
              errors={errorsFor('position')}
              options={[
                { value: 'bottom-right', label: 'Bottom right' },
                { value: 'bottom-left', label: 'Bottom left' },
              ]}
            />
            <RadioGroup
              legend="Theme"
              name="widget.theme"
              value={theme}
              onChange={setTheme}
              errors={errorsFor('theme')}
              options={[
                { value: 'auto', label: 'Automatic', hint: 'Follows the visitor’s system.' },
                { value: 'light', label: 'Light' },
                { value: 'dark', label: 'Dark' },
              ]}
            />
          </div>
          <div>
            <label htmlFor="corner-radius" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
              Corner radius <output htmlFor="corner-radius">{cornerRadius} px</output>
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
            label="Font"
            name="widget.font"
            options={FONT_OPTIONS}
            value={font}
            onChange={(event) => setFont(event.target.value)}
            errors={errorsFor('font')}
            description="Fonts already on visitors’ devices, so nothing extra is downloaded."
          />
        </fieldset>
        {isAdmin && (
          <div className="space-y-3">
            <FormMessage message={failure?.message} />
            <button type="submit" className={buttonPrimary} disabled={isSaving}>
              {isSaving ? 'Saving…' : 'Save widget style'}
            </button>
          </div>
        )}
      </Form>

      {/* First on a phone, so a change shows right above the fields; beside them, and in view, on wide screens. */}
      <div className="order-first space-y-3 lg:sticky lg:top-20 lg:order-none lg:self-start">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 className="text-base font-semibold text-slate-900 dark:text-white">Preview</h2>
          {theme === 'auto' && (
            <div role="group" aria-label="Preview scheme" className="flex gap-1 text-xs">
              {(['light', 'dark'] as const).map((option) => (
                <button
                  key={option}
                  type="button"
                  aria-pressed={previewScheme === option}
                  onClick={() => setPreviewScheme(option)}
                  className="rounded-md px-2.5 py-1 font-medium text-slate-600 capitalize ring-1 ring-slate-300 aria-pressed:bg-slate-900 aria-pressed:text-white dark:text-slate-300 dark:ring-slate-700 dark:aria-pressed:bg-white dark:aria-pressed:text-slate-900"
                >
                  {option}
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
          {frameUrl
            ? 'The real chat, answering from your knowledge: try it. Style changes show at once; save them to reach your site.'
            : 'A preview of the look. The real widget on your site uses these same choices.'}
        </p>
      </div>
    </div>
  );
}
