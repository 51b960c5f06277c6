import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useEffect } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { EmbedSnippet } from '~/components/chatbots/embed-snippet';
import { SettingsSection } from '~/components/chatbots/settings-fields';
import { saveWidgetStyle } from '~/components/chatbots/widget-style-action.server';
import { WidgetStyleForm } from '~/components/chatbots/widget-style-form';
import { buildPreviewFrameUrl, resolveAppUrl } from '~/lib/embed';
import { orHttpError } from '~/lib/loader-errors.server';
import { metaT, pageTitle } from '~/lib/meta';
import { hasRole } from '../../shared/roles';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction = ({ matches }) => {
  const layout = matches.find((match) => match.id === 'routes/app.chatbots.$chatbotId')?.data as
    { chatbot?: { name?: string } } | undefined;
  const name = layout?.chatbot?.name ?? metaT(matches, 'chatbots:meta.unnamed');
  return [{ title: pageTitle(matches, 'chatbots:meta.widget', { name }) }];
};

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const target = { workspaceId: workspace.id, chatbotId: params.chatbotId ?? '' };
  const [chatbot, preview] = await Promise.all([
    orHttpError(request, context.trpc.chatbot.get(target)),
    orHttpError(request, context.trpc.chatbot.previewToken(target)),
  ]);
  return {
    chatbot,
    appUrl: resolveAppUrl(chatbot.appUrl, request.url),
    frameUrl: buildPreviewFrameUrl(new URL(request.url).origin, chatbot.publicKey, preview.token),
    isAdmin: hasRole(workspace.role, 'admin'),
  };
}

export async function action({ context, params, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const { id: workspaceId } = await requireCurrentWorkspace(context, request);
  return saveWidgetStyle(context, form, { workspaceId, chatbotId: params.chatbotId ?? '' });
}

export default function ChatbotWidget() {
  const { t } = useTranslation();
  const { chatbot, appUrl, frameUrl, isAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();

  useEffect(() => {
    if (result?.ok) toast.success(t('chatbots:toasts.styleSaved'));
    // Only a new answer shows a toast, not a change of language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result]);

  return (
    <div className="space-y-10">
      <WidgetStyleForm
        key={`${String(chatbot.updatedAt)}-${result?.answeredAt ?? ''}`}
        chatbot={chatbot}
        isAdmin={isAdmin}
        failure={result && !result.ok ? result : undefined}
        frameUrl={frameUrl}
      />

      <SettingsSection
        id="embed"
        title={t('chatbots:widgetPage.embedTitle')}
        description={t('chatbots:widgetPage.embedDescription')}
      >
        <EmbedSnippet appUrl={appUrl} publicKey={chatbot.publicKey} demoUrl={`/demo/${chatbot.id}`} />
        <OriginsReminder origins={chatbot.allowedOrigins} status={chatbot.status} />
      </SettingsSection>
    </div>
  );
}

/** Where the snippet will work, and what is still missing before it does. */
const NOT_LIVE: Record<string, string> = {
  draft: 'chatbots:widgetPage.notLive.draft',
  paused: 'chatbots:widgetPage.notLive.paused',
};

function OriginsReminder({ origins, status }: { origins: readonly string[]; status: string }) {
  const { t } = useTranslation();
  const box = 'rounded-md px-3 py-2.5 text-sm ring-1';
  return (
    <div className="space-y-3">
      {origins.length === 0 ? (
        <p
          className={`${box} bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950/40 dark:text-amber-100 dark:ring-amber-900`}
        >
          <Trans
            i18nKey="chatbots:widgetPage.noWebsites"
            components={{
              settings: <Link to="../settings#websites-heading" relative="path" className="font-medium underline" />,
            }}
          />
        </p>
      ) : (
        <div
          className={`${box} bg-white text-slate-700 ring-slate-200 dark:bg-slate-900 dark:text-slate-300 dark:ring-slate-800`}
        >
          <p>{t('chatbots:widgetPage.loadsOn')}</p>
          <ul className="mt-1 list-inside list-disc font-mono text-xs break-all">
            {origins.map((origin) => (
              <li key={origin}>{origin}</li>
            ))}
          </ul>
          <p className="mt-1.5">
            <Link to="../settings#websites-heading" relative="path" className="font-medium underline">
              {t('chatbots:widgetPage.changeWebsites')}
            </Link>
          </p>
        </div>
      )}
      {status !== 'live' && NOT_LIVE[status] && (
        <p className="text-sm text-slate-600 dark:text-slate-400">
          <Trans
            i18nKey={NOT_LIVE[status]}
            components={{
              status: <Link to="../settings#status-heading" relative="path" className="font-medium underline" />,
            }}
          />
        </p>
      )}
    </div>
  );
}
