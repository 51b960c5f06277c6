import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { Trans, useTranslation } from 'react-i18next';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { runFormAction, unknownForm } from '~/lib/forms.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { RetentionSection } from '~/components/settings/retention-section';
import { WorkspaceDataSection } from '~/components/settings/workspace-data-section';
import { archiveOf, ARCHIVE_TOO_LARGE, readSettingsForm } from '~/components/settings/workspace-import.server';
import { TRPCError } from '@trpc/server';
import { hasRole } from '../../shared/roles';
import { requireCurrentWorkspace } from '~/lib/workspace.server';
import { useFormat } from '~/lib/format';
import { requestT } from '~/lib/i18n.server';
import { pageTitle } from '~/lib/meta';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'settings:meta.workspace') }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const isOwner = workspace.role === 'owner';
  const isAdmin = hasRole(workspace.role, 'admin');
  const [members, usage, retention, exports] = await Promise.all([
    isOwner ? orHttpError(request, context.trpc.workspace.members({ workspaceId: workspace.id })) : [],
    orHttpError(request, context.trpc.workspace.usage({ workspaceId: workspace.id })),
    isOwner ? orHttpError(request, context.trpc.workspace.retention({ workspaceId: workspace.id })) : null,
    isAdmin ? orHttpError(request, context.trpc.privacy.workspaceExports({ workspaceId: workspace.id })) : [],
  ]);
  return { workspace, usage, retention, exports, others: members.filter((member) => !member.isYou) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await readSettingsForm(request);
  const { id: workspaceId } = await requireCurrentWorkspace(context, request);
  const field = (name: string) => String(form.get(name) ?? '');
  const intent = field('intent');
  const result = await runFormAction(form, async () => {
    if (intent === 'rename') return context.trpc.workspace.rename({ workspaceId, name: field('name') });
    if (intent === 'limit')
      return context.trpc.workspace.setMessageLimit({
        workspaceId,
        monthlyMessageLimit: field('monthlyMessageLimit'),
      });
    if (intent === 'retention')
      return context.trpc.workspace.setRetention({
        workspaceId,
        days: Number(field('days')),
        keepIdentified: form.get('keepIdentified') === 'on',
        deleteTests: form.get('deleteTests') === 'on',
      });
    if (intent === 'transfer')
      return context.trpc.workspace.transferOwnership({ workspaceId, userId: field('userId') });
    if (intent === 'delete') return context.trpc.workspace.delete({ workspaceId, confirmName: field('confirmName') });
    if (intent === 'export') return context.trpc.privacy.requestWorkspaceExport({ workspaceId });
    if (intent === 'import') {
      if (form.has('archiveTooLarge')) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: requestT(context)(ARCHIVE_TOO_LARGE) });
      }
      const includeConversations = form.get('includeConversations') === 'on';
      return context.trpc.privacy.importWorkspace({
        name: field('name'),
        archive: await archiveOf(form),
        includeConversations,
      });
    }
    throw unknownForm(intent);
  });
  // Deleted: somewhere else; imported: the new workspace, now the current one.
  if (result.ok && (intent === 'delete' || intent === 'import')) throw redirect('/app');
  return { ...result, intent };
}

type TUsage = Awaited<ReturnType<typeof loader>>['usage'];

/** This month's messages against the limit; a warning near it, and what happens at it. */
function UsageSection({ usage, isOwner }: { usage: TUsage; isOwner: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const limit = format.number(usage.monthlyMessageLimit);
  const messages = format.number(usage.messages);
  // UTC on both sides, so the server's HTML and the browser's hydration agree.
  const resets = format.dateTime(`${usage.resetsOn}T00:00:00Z`, { day: 'numeric', month: 'long', timeZone: 'UTC' });
  const percent = Math.min(100, Math.floor(usage.share * 100));
  const whatNext = isOwner ? t('settings:usage.raiseBelow') : t('settings:usage.askOwner');
  return (
    <section aria-labelledby="usage-heading">
      <h2 id="usage-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
        {t('settings:usage.heading')}
      </h2>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        <Trans
          i18nKey="settings:usage.summary"
          values={{ messages, limit, percent: format.percent(percent / 100), resets }}
          components={{ strong: <strong className="text-slate-900 dark:text-white" /> }}
        />
      </p>
      <div
        role="progressbar"
        aria-label={t('settings:usage.progress')}
        aria-valuemin={0}
        aria-valuemax={usage.monthlyMessageLimit}
        aria-valuenow={Math.min(usage.messages, usage.monthlyMessageLimit)}
        aria-valuetext={t('settings:usage.progressValue', { messages, limit })}
        className="mt-3 h-2 overflow-hidden rounded-full bg-slate-200 dark:bg-slate-800"
      >
        <div
          className={`h-full rounded-full ${usage.status === 'ok' ? 'bg-brand-600 dark:bg-brand-400' : usage.status === 'near' ? 'bg-amber-500' : 'bg-red-600'}`}
          style={{ width: `${Math.max(percent, usage.messages > 0 ? 1 : 0)}%` }}
        />
      </div>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
        {t('settings:usage.figures', {
          answers: t('settings:usage.aiAnswers', { count: usage.aiAnswers }),
          tokens: t('settings:usage.tokens', { count: usage.tokensIn + usage.tokensOut }),
        })}
      </p>
      {usage.status !== 'ok' && (
        <p
          role="status"
          className={`mt-3 rounded-md px-3 py-2 text-sm ring-1 ${usage.status === 'near' ? 'bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950/50 dark:text-amber-100 dark:ring-amber-900' : 'bg-red-50 text-red-800 ring-red-200 dark:bg-red-950/50 dark:text-red-200 dark:ring-red-900'}`}
        >
          {usage.status === 'near'
            ? t('settings:usage.near', { limit, resets })
            : t('settings:usage.reached', { resets })}{' '}
          {whatNext}
        </p>
      )}
    </section>
  );
}

export default function WorkspaceSettings() {
  const { workspace, usage, retention, exports, others } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failureFor = (intent: string) => (result && !result.ok && result.intent === intent ? result : null);
  const isAdmin = hasRole(workspace.role, 'admin');
  const { t } = useTranslation();
  return (
    <div className="max-w-md space-y-12">
      <section aria-labelledby="rename-heading">
        <h1 id="rename-heading" className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
          {t('settings:workspace.heading')}
        </h1>
        {isAdmin ? (
          <Form method="post" className="mt-6 space-y-4" noValidate>
            <input type="hidden" name="intent" value="rename" />
            <FormMessage message={failureFor('rename')?.message} />
            <FormMessage
              tone="success"
              message={result?.ok && result.intent === 'rename' ? t('settings:workspace.saved') : null}
            />
            <TextField
              label={t('settings:workspace.name')}
              name="name"
              required
              maxLength={80}
              defaultValue={failureFor('rename')?.values.name ?? workspace.name}
              errors={failureFor('rename')?.fieldErrors.name}
            />
            <SubmitButton pendingLabel={t('common:actions.saving')}>{t('settings:workspace.saveName')}</SubmitButton>
          </Form>
        ) : (
          <p className="mt-4 text-slate-600 dark:text-slate-400">{t('settings:workspace.adminsOnly')}</p>
        )}
      </section>

      {retention && (
        <RetentionSection
          retention={retention}
          failure={failureFor('retention')}
          isSaved={!!result?.ok && result.intent === 'retention'}
        />
      )}

      <div className="space-y-6">
        <UsageSection usage={usage} isOwner={workspace.role === 'owner'} />
        {workspace.role === 'owner' ? (
          <Form method="post" className="space-y-4" noValidate aria-label={t('settings:workspace.limit.label')}>
            <input type="hidden" name="intent" value="limit" />
            <FormMessage message={failureFor('limit')?.message} />
            <FormMessage
              tone="success"
              message={result?.ok && result.intent === 'limit' ? t('settings:workspace.limit.saved') : null}
            />
            <TextField
              label={t('settings:workspace.limit.label')}
              name="monthlyMessageLimit"
              inputMode="numeric"
              autoComplete="off"
              required
              defaultValue={failureFor('limit')?.values.monthlyMessageLimit ?? String(usage.monthlyMessageLimit)}
              errors={failureFor('limit')?.fieldErrors.monthlyMessageLimit}
              description={t('settings:workspace.limit.help')}
            />
            <SubmitButton pendingLabel={t('common:actions.saving')}>{t('settings:workspace.limit.save')}</SubmitButton>
          </Form>
        ) : (
          <p className="text-sm text-slate-600 dark:text-slate-400">{t('settings:workspace.limit.ownersOnly')}</p>
        )}
      </div>

      {isAdmin && (
        <WorkspaceDataSection
          exports={exports}
          exportFailure={failureFor('export')}
          isExportAsked={!!result?.ok && result.intent === 'export'}
          importFailure={failureFor('import')}
        />
      )}

      {isAdmin && (
        <section aria-labelledby="developers-heading">
          <h2 id="developers-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
            {t('settings:workspace.developers.heading')}
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t('settings:workspace.developers.text')}</p>
          <Link
            to="/app/settings/webhooks"
            className="mt-3 inline-block text-sm font-semibold text-brand-700 hover:underline dark:text-brand-300"
          >
            {t('settings:workspace.developers.webhooks')}
          </Link>
        </section>
      )}

      {workspace.role === 'owner' && others.length > 0 && (
        <section aria-labelledby="transfer-heading">
          <h2 id="transfer-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
            {t('settings:workspace.transfer.heading')}
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">{t('settings:workspace.transfer.text')}</p>
          <Form method="post" className="mt-4 space-y-4">
            <input type="hidden" name="intent" value="transfer" />
            <FormMessage message={failureFor('transfer')?.message} />
            <div>
              <label htmlFor="transfer-to" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                {t('settings:workspace.transfer.newOwner')}
              </label>
              <select
                id="transfer-to"
                name="userId"
                className="mt-1.5 w-full rounded-md border-0 bg-white py-2 pl-3 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:text-white dark:ring-slate-700"
              >
                {others.map((member) => (
                  <option key={member.userId} value={member.userId}>
                    {member.name} ({member.email})
                  </option>
                ))}
              </select>
            </div>
            <SubmitButton pendingLabel={t('settings:pending.transferring')}>
              {t('settings:workspace.transfer.submit')}
            </SubmitButton>
          </Form>
        </section>
      )}

      {workspace.role === 'owner' && (
        <section aria-labelledby="delete-heading" className="rounded-lg p-5 ring-1 ring-red-200 dark:ring-red-900">
          <h2 id="delete-heading" className="text-lg font-semibold text-red-800 dark:text-red-300">
            {t('settings:workspace.delete.heading')}
          </h2>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
            <Trans
              i18nKey="settings:workspace.delete.text"
              values={{ name: workspace.name }}
              components={{ strong: <strong /> }}
            />
          </p>
          <Form method="post" className="mt-4 space-y-4" noValidate>
            <input type="hidden" name="intent" value="delete" />
            <FormMessage message={failureFor('delete')?.message} />
            <TextField
              label={t('settings:workspace.delete.name')}
              name="confirmName"
              autoComplete="off"
              required
              errors={failureFor('delete')?.fieldErrors.confirmName}
            />
            <SubmitButton pendingLabel={t('settings:pending.deleting')} tone="danger">
              {t('settings:workspace.delete.submit')}
            </SubmitButton>
          </Form>
        </section>
      )}
    </div>
  );
}
