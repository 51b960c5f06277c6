import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useEffect } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { AddSourcePanel } from '~/components/chatbots/add-source-panel';
import { EmbedSnippet } from '~/components/chatbots/embed-snippet';
import { isLaunchIntent, saveLaunchStep } from '~/components/chatbots/launch-action.server';
import { LaunchPanel } from '~/components/chatbots/launch-panel';
import { LiveSources } from '~/components/chatbots/live-sources';
import { SetupStepper } from '~/components/chatbots/setup-stepper';
import { handleSourceAction } from '~/components/chatbots/source-actions.server';
import { SuggestionsForm } from '~/components/chatbots/suggestions-form';
import { SourceList } from '~/components/chatbots/source-list';
import { saveWidgetStyle } from '~/components/chatbots/widget-style-action.server';
import { WIDGET_STYLE_INTENT, WidgetStyleForm } from '~/components/chatbots/widget-style-form';
import { buildPreviewFrameUrl, resolveAppUrl } from '~/lib/embed';
import { orHttpError } from '~/lib/loader-errors.server';
import { pageTitle } from '~/lib/meta';
import { hasRole } from '../../shared/roles';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

/** The wizard's steps after the chatbot exists (name and template are steps 1–2, on the New chatbot page). */
const STEPS = ['knowledge', 'style', 'embed'] as const;
type TStep = (typeof STEPS)[number];
const FIRST_STEP_INDEX = 2;

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  {
    title: data
      ? pageTitle(matches, 'chatbots:meta.setup', { name: data.chatbot.name })
      : pageTitle(matches, 'chatbots:meta.setupUnnamed'),
  },
];

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const url = new URL(request.url);
  const chatbotId = params.chatbotId ?? '';
  const asked = url.searchParams.get('step');
  // An unknown step (an old bookmark, a typo) starts at the beginning rather than failing.
  const step: TStep = STEPS.includes(asked as TStep) ? (asked as TStep) : 'knowledge';
  const [chatbot, sources, preview] = await Promise.all([
    orHttpError(request, context.trpc.chatbot.get({ workspaceId: workspace.id, chatbotId })),
    step === 'knowledge'
      ? orHttpError(request, context.trpc.knowledge.source.list({ workspaceId: workspace.id, chatbotId }))
      : Promise.resolve([]),
    step === 'style'
      ? orHttpError(request, context.trpc.chatbot.previewToken({ workspaceId: workspace.id, chatbotId }))
      : Promise.resolve(null),
  ]);
  return {
    workspaceId: workspace.id,
    isAdmin: hasRole(workspace.role, 'admin'),
    step,
    // The configured public address when there is one, else the one this page was reached by.
    appUrl: resolveAppUrl(
      'appUrl' in chatbot && typeof chatbot.appUrl === 'string' ? chatbot.appUrl : null,
      request.url,
    ),
    // The real chat frame for the style step's live preview, at the address this page was reached by.
    frameUrl: preview ? buildPreviewFrameUrl(new URL(request.url).origin, chatbot.publicKey, preview.token) : null,
    chatbot: {
      id: chatbot.id,
      name: chatbot.name,
      publicKey: chatbot.publicKey,
      status: chatbot.status,
      allowedOrigins: chatbot.allowedOrigins,
      updatedAt: chatbot.updatedAt,
      widget: chatbot.widget,
      settings: { greeting: chatbot.settings.greeting, suggestedQuestions: chatbot.settings.suggestedQuestions },
    },
    sources,
  };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const target = { workspaceId: workspace.id, chatbotId: params.chatbotId ?? '' };
  // The style step's form says so; every other form on these pages is about sources (uploads are
  // multipart, and are not read twice to find out).
  const isUrlEncoded = request.headers.get('content-type')?.startsWith('application/x-www-form-urlencoded');
  const intent = isUrlEncoded ? (await request.clone().formData()).get('intent') : null;
  if (intent === WIDGET_STYLE_INTENT) return saveWidgetStyle(context, await request.formData(), target);
  if (isLaunchIntent(intent)) return saveLaunchStep(context, await request.formData(), target);
  return handleSourceAction(context, request, target);
}

const HEADINGS: Record<TStep, { title: string; intro: string }> = {
  knowledge: { title: 'chatbots:setup.steps.knowledge.title', intro: 'chatbots:setup.steps.knowledge.intro' },
  style: { title: 'chatbots:setup.steps.style.title', intro: 'chatbots:setup.steps.style.intro' },
  embed: { title: 'chatbots:setup.steps.embed.title', intro: 'chatbots:setup.steps.embed.intro' },
};

export default function ChatbotSetup() {
  const { t } = useTranslation();
  const { workspaceId, isAdmin, step, appUrl, frameUrl, chatbot, sources } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const launchResult = result && 'launchIntent' in result ? result : undefined;
  const styleResult = result && 'answeredAt' in result && 'values' in result ? result : undefined;
  useEffect(() => {
    if (styleResult?.ok) toast.success(t('chatbots:toasts.styleSaved'));
    // Only a new answer shows a toast, not a change of language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [styleResult]);
  const index = STEPS.indexOf(step);
  const previous = STEPS[index - 1];
  const next = STEPS[index + 1];
  const chatbotPath = `/app/chatbots/${chatbot.id}`;
  const heading = HEADINGS[step];
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      {step === 'knowledge' && <LiveSources workspaceId={workspaceId} chatbotId={chatbot.id} />}
      <div className="space-y-6">
        <SetupStepper current={[FIRST_STEP_INDEX + index]} />
        <div>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {t('chatbots:setup.settingUp', { name: chatbot.name })}
          </p>
          <h1 className="mt-1 text-2xl font-bold tracking-tight text-slate-900 dark:text-white">{t(heading.title)}</h1>
          <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t(heading.intro)}</p>
        </div>
      </div>

      {step === 'knowledge' && (
        <div className="space-y-6">
          {isAdmin && <AddSourcePanel />}
          <section aria-labelledby="setup-sources-heading" className="space-y-3">
            <h2 id="setup-sources-heading" className="text-base font-semibold text-slate-900 dark:text-white">
              {t('chatbots:setup.addedSoFar')}
            </h2>
            {sources.length === 0 ? (
              <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400">
                {t('chatbots:setup.nothingYet')}
              </p>
            ) : (
              <SourceList sources={sources} isAdmin={isAdmin} />
            )}
          </section>
          {isAdmin && <SuggestionsForm initial={chatbot.settings.suggestedQuestions} result={launchResult} />}
        </div>
      )}

      {step === 'style' && (
        <WidgetStyleForm
          key={`${String(chatbot.updatedAt)}-${styleResult?.answeredAt ?? ''}`}
          chatbot={chatbot}
          isAdmin={isAdmin}
          failure={styleResult && !styleResult.ok ? styleResult : undefined}
          frameUrl={frameUrl}
        />
      )}

      {step === 'embed' && (
        <div className="space-y-4 rounded-lg bg-white p-4 ring-1 ring-slate-200 sm:p-6 dark:bg-slate-900 dark:ring-slate-800">
          <EmbedSnippet appUrl={appUrl} publicKey={chatbot.publicKey} demoUrl={`/demo/${chatbot.id}`} />
          <p className="text-sm text-slate-700 dark:text-slate-300">
            <Trans
              i18nKey="chatbots:setup.embedNote"
              components={{
                widget: (
                  <Link
                    to={`${chatbotPath}/widget`}
                    className="font-medium text-brand-700 underline underline-offset-2 dark:text-brand-300"
                  />
                ),
                settings: (
                  <Link
                    to={`${chatbotPath}/settings`}
                    className="font-medium text-brand-700 underline underline-offset-2 dark:text-brand-300"
                  />
                ),
              }}
            />
          </p>
        </div>
      )}

      {step === 'embed' && isAdmin && <LaunchPanel chatbot={chatbot} result={launchResult} />}

      <nav
        aria-label={t('chatbots:setup.nav')}
        className="flex flex-col-reverse gap-3 border-t border-slate-200 pt-6 sm:flex-row sm:items-center sm:justify-between dark:border-slate-800"
      >
        <div className="flex flex-col-reverse gap-3 sm:flex-row">
          {previous && (
            <Link to={`?step=${previous}`} className={buttonSecondary}>
              {t('common:actions.back')}
            </Link>
          )}
          {next && (
            <Link
              to={chatbotPath}
              className="inline-flex items-center justify-center px-2 py-2.5 text-sm font-medium text-slate-600 underline-offset-2 hover:underline dark:text-slate-400"
            >
              {t('chatbots:setup.skip')}
            </Link>
          )}
        </div>
        {next ? (
          <Link to={`?step=${next}`} className={buttonPrimary}>
            {next === 'style' ? t('chatbots:setup.next.style') : t('chatbots:setup.next.embed')}
          </Link>
        ) : (
          <Link to={chatbotPath} className={buttonPrimary}>
            {t('chatbots:setup.finish')}
          </Link>
        )}
      </nav>
    </div>
  );
}
