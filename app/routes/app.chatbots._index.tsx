import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect, unstable_parseMultipartFormData } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  describeImportIssues,
  importUploadHandler,
  MAX_IMPORT_BYTES,
  parseImportJson,
  type TImportUpload,
} from '~/components/chatbots/import-chatbot.server';
import { ImportChatbotForm } from '~/components/chatbots/settings-import-form';
import { StatusBadge } from '~/components/chatbots/status-badge';
import { runFormAction } from '~/lib/forms.server';
import { requestT } from '~/lib/i18n.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { pageTitle } from '~/lib/meta';
import { hasRole } from '../../shared/roles';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'chatbots:meta.list') }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const [chatbots, templates] = await Promise.all([
    orHttpError(request, context.trpc.chatbot.list({ workspaceId: workspace.id })),
    orHttpError(request, context.trpc.chatbot.templates()),
  ]);
  const templateNames = Object.fromEntries(templates.map((template) => [template.id, template.name]));
  return {
    chatbots: chatbots.map((chatbot) => ({
      ...chatbot,
      templateName: templateNames[chatbot.template] ?? chatbot.template,
    })),
    isAdmin: hasRole(workspace.role, 'admin'),
  };
}

const isMultipart = (request: Request) =>
  (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');

/** "Import chatbot": a `parley.chatbot` JSON file → a new draft chatbot in this workspace. */
export async function action({ context, request }: ActionFunctionArgs) {
  const { id: workspaceId } = await requireCurrentWorkspace(context, request);
  const t = requestT(context);
  const upload: { current: TImportUpload } = { current: { kind: 'none' } };
  const refuse = (problems: string[]) => ({ ok: false as const, problems });
  if (!isMultipart(request)) return refuse([t('chatbots:import.errors.chooseFile')]);
  const form = await unstable_parseMultipartFormData(request, importUploadHandler(upload));
  const file = upload.current;
  if (file.kind === 'none') return refuse([t('chatbots:import.errors.chooseFile')]);
  if (file.kind === 'tooLarge') {
    return refuse([t('chatbots:import.errors.tooLarge', { size: MAX_IMPORT_BYTES / 1024 / 1024 })]);
  }
  const json = parseImportJson(t, file.text);
  if (!json.ok) return refuse([json.message]);
  const result = await runFormAction(form, () =>
    // Validated by the procedure's schema (ZChatbotExport); its messages come back per field.
    context.trpc.chatbot.import({ workspaceId, data: json.data as never }),
  );
  if (!result.ok) {
    const problems = describeImportIssues(t, result.fieldErrors);
    return refuse(problems.length ? problems : [result.message]);
  }
  throw redirect(`/app/chatbots/${result.data.id}`);
}

export default function Chatbots() {
  const { t } = useTranslation();
  const { chatbots, isAdmin } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // Stays open across a refused import (same component), so its problems are in view.
  const [showImport, setShowImport] = useState(false);
  return (
    <section aria-labelledby="chatbots-heading">
      <div className="flex flex-col gap-4 sm:flex-row sm:items-center sm:justify-between">
        <h1 id="chatbots-heading" className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
          {t('chatbots:list.heading')}
        </h1>
        {isAdmin && (
          <div className="flex flex-wrap gap-3">
            <button
              type="button"
              className={buttonSecondary}
              aria-expanded={showImport}
              aria-controls="import-chatbot"
              onClick={() => setShowImport(!showImport)}
            >
              {t('chatbots:list.import')}
            </button>
            <Link to="/app/chatbots/new" className={buttonPrimary}>
              {t('chatbots:list.new')}
            </Link>
          </div>
        )}
      </div>
      {isAdmin && showImport && (
        <ImportChatbotForm
          id="import-chatbot"
          problems={result?.problems ?? []}
          onCancel={() => setShowImport(false)}
        />
      )}
      {chatbots.length === 0 ? (
        <div className="mt-6 rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
          <h2 className="text-lg font-semibold text-slate-900 dark:text-white">{t('chatbots:list.emptyTitle')}</h2>
          <p className="mx-auto mt-2 max-w-prose text-sm text-slate-600 dark:text-slate-400">
            {isAdmin ? t('chatbots:list.emptyAdmin') : t('chatbots:list.emptyAgent')}
          </p>
        </div>
      ) : (
        <ul className="mt-6 divide-y divide-slate-200 rounded-lg bg-white ring-1 ring-slate-200 dark:divide-slate-800 dark:bg-slate-900 dark:ring-slate-800">
          {chatbots.map((chatbot) => (
            <li key={chatbot.id} className="flex flex-col gap-2 p-4 sm:flex-row sm:items-center sm:justify-between">
              <div>
                <p className="flex items-center gap-2 font-medium text-slate-900 dark:text-white">
                  <Link to={`/app/chatbots/${chatbot.id}`} className="hover:underline">
                    {chatbot.name}
                  </Link>
                  <StatusBadge status={chatbot.status} />
                </p>
                <p className="text-sm text-slate-600 dark:text-slate-400">{chatbot.templateName}</p>
              </div>
              <p className="text-sm text-slate-600 dark:text-slate-400">
                {chatbot.sources.total === 0
                  ? t('chatbots:list.noSources')
                  : t('chatbots:list.sourceCounts', {
                      ready: chatbot.sources.ready,
                      pending: chatbot.sources.pending + chatbot.sources.processing + chatbot.sources.retrying,
                      failed: chatbot.sources.failed,
                    })}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
