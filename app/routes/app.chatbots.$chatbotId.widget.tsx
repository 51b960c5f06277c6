import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useEffect } from 'react';
import { toast } from 'sonner';
import { EmbedSnippet } from '~/components/chatbots/embed-snippet';
import { SettingsSection } from '~/components/chatbots/settings-fields';
import { saveWidgetStyle } from '~/components/chatbots/widget-style-action.server';
import { WidgetStyleForm } from '~/components/chatbots/widget-style-form';
import { buildPreviewFrameUrl, resolveAppUrl } from '~/lib/embed';
import { orHttpError } from '~/lib/loader-errors.server';
import { hasRole } from '../../shared/roles';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction = ({ matches }) => {
  const layout = matches.find((match) => match.id === 'routes/app.chatbots.$chatbotId')?.data as
    { chatbot?: { name?: string } } | undefined;
  return [{ title: `Widget · ${layout?.chatbot?.name ?? 'Chatbot'} · Parley` }];
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
  const { chatbot, appUrl, frameUrl, isAdmin } = useLoaderData<typeof loader>();
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
        frameUrl={frameUrl}
      />

      <SettingsSection
        id="embed"
        title="Embed on your site"
        description="One line of HTML adds the chat to any page of the websites you allow."
      >
        <EmbedSnippet appUrl={appUrl} publicKey={chatbot.publicKey} demoUrl={`/demo/${chatbot.id}`} />
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
