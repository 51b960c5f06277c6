import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { useActionData, useLoaderData } from '@remix-run/react';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { handleChatbotSettingsAction } from '~/components/chatbots/settings-action.server';
import { ChatbotActions } from '~/components/chatbots/settings-actions';
import { SettingsForm } from '~/components/chatbots/settings-form';
import { languageOptions } from '~/components/chatbots/settings-form.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { metaT, pageTitle } from '~/lib/meta';
import { hasRole } from '../../shared/roles';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction = ({ matches }) => {
  const layout = matches.find((match) => match.id === 'routes/app.chatbots.$chatbotId')?.data as
    { chatbot?: { name?: string } } | undefined;
  const name = layout?.chatbot?.name ?? metaT(matches, 'chatbots:meta.unnamed');
  return [{ title: pageTitle(matches, 'chatbots:meta.settings', { name }) }];
};

export async function loader({ context, params, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const chatbot = await orHttpError(
    request,
    context.trpc.chatbot.get({ workspaceId: workspace.id, chatbotId: params.chatbotId ?? '' }),
  );
  const isAdmin = hasRole(workspace.role, 'admin');
  // Only admins may read the webhook signing secret (agents see the page read-only).
  const webhookSecret = isAdmin
    ? (await context.trpc.chatbot.webhookSecret({ workspaceId: workspace.id, chatbotId: chatbot.id })).secret
    : null;
  return { chatbot, languages: languageOptions(), isAdmin, webhookSecret };
}

/** One handler per intent: save the settings form, change status, new key or secret, duplicate, delete. */
export const action = ({ context, params, request }: ActionFunctionArgs) =>
  handleChatbotSettingsAction({ context, params, request });

const SUCCESS_TOASTS: Partial<Record<string, string>> = {
  save: 'chatbots:toasts.settingsSaved',
  status: 'chatbots:toasts.statusChanged',
  rotateKey: 'chatbots:toasts.keyRotated',
  rotateWebhookSecret: 'chatbots:toasts.secretRotated',
};

export default function ChatbotSettings() {
  const { t } = useTranslation();
  const { chatbot, languages, isAdmin, webhookSecret } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const saveResult = result?.intent === 'save' ? result : undefined;

  useEffect(() => {
    if (!result?.ok) return;
    const message = SUCCESS_TOASTS[result.intent];
    if (message) toast.success(t(message));
    // Only a new answer shows a toast, not a change of language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [result]);

  return (
    <div className="space-y-10">
      {!isAdmin && (
        <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-300">
          {t('chatbots:settingsPage.readOnly')}
        </p>
      )}
      <SettingsForm
        key={`${String(chatbot.updatedAt)}-${saveResult?.answeredAt ?? ''}`}
        chatbot={chatbot}
        languages={languages}
        isAdmin={isAdmin}
        webhookSecret={webhookSecret}
        failure={saveResult && !saveResult.ok ? saveResult : undefined}
      />
      <ChatbotActions chatbot={chatbot} isAdmin={isAdmin} result={result} />
    </div>
  );
}
