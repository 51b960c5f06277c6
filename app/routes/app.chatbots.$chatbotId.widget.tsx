import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useEffect, useState } from 'react';
import { toast } from 'sonner';
import { EmbedSnippet } from '~/components/chatbots/embed-snippet';
import { RadioGroup, Select, SettingsSection } from '~/components/chatbots/settings-fields';
import { WidgetPreview } from '~/components/chatbots/widget-preview';
import { FormMessage, TextField } from '~/components/form-fields';
import { resolveAppUrl } from '~/lib/embed';
import { runFormAction } from '~/lib/forms.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { hasRole } from '~/lib/roles';
import { buttonPrimary } from '~/lib/styles';
import {
  MAX_CORNER_RADIUS,
  MAX_LAUNCHER_LABEL,
  normaliseHexColor,
  WIDGET_FONT_IDS,
  WIDGET_FONTS,
  type TWidgetFont,
} from '~/lib/widget-look';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction = ({ matches }) => {
  const layout = matches.find((match) => match.id === 'routes/app.chatbots.$chatbotId')?.data as
    { chatbot?: { name?: string } } | undefined;
  return [{ title: `Widget · ${layout?.chatbot?.name ?? 'Chatbot'} · Parley` }];
};

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const chatbot = await orHttpError(
    request,
    context.trpc.chatbot.get({ workspaceId: workspace.id, chatbotId: params.chatbotId ?? '' }),
  );
  return {
    chatbot,
    appUrl: resolveAppUrl(chatbot.appUrl, request.url),
    isAdmin: hasRole(workspace.role, 'admin'),
  };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const { id: workspaceId } = await requireCurrentWorkspace(context, request);
  const text = (name: string) => String(form.get(name) ?? '');
  const radius = text('widget.cornerRadius');
  const result = await runFormAction(form, () =>
    context.trpc.chatbot.updateWidget({
      workspaceId,
      chatbotId: params.chatbotId ?? '',
      // Passed on as typed; the procedure's schema decides and answers per field.
      widget: {
        primaryColor: text('widget.primaryColor'),
        position: text('widget.position') as 'bottom-right',
        launcherLabel: text('widget.launcherLabel'),
        theme: text('widget.theme') as 'auto',
        cornerRadius: radius.trim() === '' ? Number.NaN : Number(radius),
        font: text('widget.font') as TWidgetFont,
      },
    }),
  );
  return {
    ok: result.ok,
    message: result.ok ? null : result.message,
    fieldErrors: result.ok ? {} : result.fieldErrors,
    values: result.ok ? {} : result.values,
    answeredAt: Date.now(),
  };
}

const FONT_OPTIONS = WIDGET_FONT_IDS.map((id) => ({ value: id, label: WIDGET_FONTS[id].label }));

export default function ChatbotWidget() {
  const { chatbot, appUrl, isAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();

  useEffect(() => {
    if (result?.ok) toast.success('Widget style saved.');
  }, [result]);

  return (
    <div className="space-y-10">
      <WidgetStyleForm
        key={`${String(chatbot.updatedAt)}-${result?.answeredAt ?? ''}`}
        chatbot={chatbot}
        isAdmin={isAdmin}
        failure={result && !result.ok ? result : undefined}
      />

      <SettingsSection
        id="embed"
        title="Embed on your site"
        description="One line of HTML adds the chat to any page of the websites you allow."
      >
        <EmbedSnippet appUrl={appUrl} publicKey={chatbot.publicKey} />
        <OriginsReminder origins={chatbot.allowedOrigins} status={chatbot.status} />
      </SettingsSection>
    </div>
  );
}

/** Where the snippet will work, and what is still missing before it does. */
function OriginsReminder({ origins, status }: { origins: readonly string[]; status: string }) {
  const box = 'rounded-md px-3 py-2.5 text-sm ring-1';
  return (
    <div className="space-y-3">
      {origins.length === 0 ? (
        <p
          className={`${box} bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950/40 dark:text-amber-100 dark:ring-amber-900`}
        >
          No websites are allowed yet, so the widget will not load anywhere.{' '}
          <Link to="../settings#websites-heading" relative="path" className="font-medium underline">
            Add your website in Settings
          </Link>
          .
        </p>
      ) : (
        <div
          className={`${box} bg-white text-slate-700 ring-slate-200 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-800`}
        >
          <p>The widget loads only on:</p>
          <ul className="mt-1 list-inside list-disc font-mono text-xs break-all">
            {origins.map((origin) => (
              <li key={origin}>{origin}</li>
            ))}
          </ul>
          <p className="mt-1.5">
            <Link to="../settings#websites-heading" relative="path" className="font-medium underline">
              Change the allowed websites
            </Link>
          </p>
        </div>
      )}
      {status !== 'live' && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          The chatbot is {status}: the widget appears once you{' '}
          <Link to="../settings#status-heading" relative="path" className="font-medium underline">
            make it live
          </Link>
          .
        </p>
      )}
    </div>
  );
}

type TLoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type TFailure = NonNullable<ReturnType<typeof useActionData<typeof action>>>;

function WidgetStyleForm({
  chatbot,
  isAdmin,
  failure,
}: {
  chatbot: TLoaderData['chatbot'];
  isAdmin: boolean;
  failure?: TFailure;
}) {
  const navigation = useNavigation();
  const isSaving = navigation.state === 'submitting';
  const stored = chatbot.widget;
  const value = (name: keyof typeof stored) => failure?.values[`widget.${name}`] ?? String(stored[name]);
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
        <p className="text-xs text-slate-500 dark:text-slate-400">
          A preview of the look. The real widget on your site uses these same choices.
        </p>
      </div>
    </div>
  );
}
