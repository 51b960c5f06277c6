import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { Trans, useTranslation } from 'react-i18next';
import { CopyButton } from '~/components/copy-button';
import { KeyList } from '~/components/developers/key-list';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { runFormAction, unknownForm } from '~/lib/forms.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { pageTitle } from '~/lib/meta';
import { requireCurrentWorkspace } from '~/lib/workspace.server';
import { API_SCOPES, type TApiScope } from '../../shared/api-scopes';
import { hasRole } from '../../shared/roles';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'developers:meta.apiKeys') }];

const EXPIRIES = {
  never: 'developers:apiKeys.expiry.never',
  '30': 'developers:apiKeys.expiry.days30',
  '90': 'developers:apiKeys.expiry.days90',
  '365': 'developers:apiKeys.expiry.year',
} as const;

/** What each scope allows, for people; the scope names themselves are identifiers. */
const SCOPE_TEXT: Record<TApiScope, string> = {
  'chatbots:read': 'developers:apiKeys.scopes.chatbotsRead',
  'chatbots:write': 'developers:apiKeys.scopes.chatbotsWrite',
  'knowledge:read': 'developers:apiKeys.scopes.knowledgeRead',
  'knowledge:write': 'developers:apiKeys.scopes.knowledgeWrite',
  'conversations:read': 'developers:apiKeys.scopes.conversationsRead',
  'conversations:write': 'developers:apiKeys.scopes.conversationsWrite',
  chat: 'developers:apiKeys.scopes.chat',
  'webhooks:read': 'developers:apiKeys.scopes.webhooksRead',
  'webhooks:write': 'developers:apiKeys.scopes.webhooksWrite',
};
const DAY_MS = 24 * 60 * 60 * 1000;

export async function loader({ context, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  if (!hasRole(workspace.role, 'admin')) return { workspace, keys: null };
  const keys = await orHttpError(request, context.trpc.developer.listKeys({ workspaceId: workspace.id }));
  return { workspace, keys };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const { id: workspaceId } = await requireCurrentWorkspace(context, request);
  const field = (name: string) => String(form.get(name) ?? '');
  const intent = field('intent');
  const result = await runFormAction(form, async () => {
    if (intent === 'create') {
      const days = field('expiry');
      return context.trpc.developer.createKey({
        workspaceId,
        name: field('name'),
        scopes: form.getAll('scopes').map(String) as never,
        expiresAt: days in EXPIRIES && days !== 'never' ? new Date(Date.now() + Number(days) * DAY_MS) : null,
      });
    }
    if (intent === 'revoke') return context.trpc.developer.revokeKey({ workspaceId, keyId: field('keyId') });
    throw unknownForm(intent);
  });
  // The secret leaves the server once, in this answer; the list never holds it.
  return { ...result, intent };
}

/** The new key's secret, shown this once, with a way to copy it. */
function NewSecret({ name, secret }: { name: string; secret: string }) {
  const { t } = useTranslation();
  return (
    <div
      role="status"
      className="space-y-2 rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200 dark:bg-emerald-950/50 dark:ring-emerald-900"
    >
      <p className="text-sm font-medium text-emerald-900 dark:text-emerald-100">
        {t('developers:apiKeys.newSecret', { name })}
      </p>
      <div className="flex items-center gap-2 rounded-md bg-slate-900 px-3 py-2">
        <code className="min-w-0 flex-1 break-all font-mono text-xs text-slate-100" data-testid="new-key-secret">
          {secret}
        </code>
        <CopyButton text={secret} label={t('developers:apiKeys.copyKey')} />
      </div>
    </div>
  );
}

export default function ApiKeys() {
  const { t } = useTranslation();
  const { keys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : null;
  const created = result?.ok && result.intent === 'create' && 'secret' in result.data ? result.data : null;
  return (
    <div className="max-w-2xl space-y-10">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
          {t('developers:apiKeys.title')}
        </h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          <Trans
            i18nKey="developers:apiKeys.intro"
            components={{
              code: <code />,
              go: <Link to="/app/api-docs" className="font-medium text-brand-700 underline dark:text-brand-300" />,
            }}
          />
        </p>
      </div>
      {keys === null ? (
        <p className="text-slate-600 dark:text-slate-400">{t('developers:apiKeys.adminsOnly')}</p>
      ) : (
        <>
          {created && <NewSecret name={created.key.name} secret={created.secret} />}
          <FormMessage message={failure?.message} />
          <Form method="post" className="space-y-5" noValidate aria-label={t('developers:apiKeys.form.label')}>
            <h2 className="text-lg font-semibold text-slate-900 dark:text-white">
              {t('developers:apiKeys.form.heading')}
            </h2>
            <input type="hidden" name="intent" value="create" />
            <TextField
              label={t('developers:apiKeys.form.name')}
              name="name"
              required
              maxLength={80}
              placeholder={t('developers:apiKeys.form.namePlaceholder')}
              defaultValue={failure?.intent === 'create' ? failure.values.name : ''}
              errors={failure?.fieldErrors.name}
            />
            <fieldset>
              <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">
                {t('developers:apiKeys.form.scopes')}
              </legend>
              <div className="mt-2 grid gap-2 sm:grid-cols-2">
                {API_SCOPES.map((scope) => (
                  <label key={scope} className="flex items-start gap-2 text-sm text-slate-700 dark:text-slate-300">
                    <input type="checkbox" name="scopes" value={scope} className="mt-1" />
                    <span>
                      <span className="font-mono text-xs text-slate-900 dark:text-white">{scope}</span>
                      <br />
                      {t(SCOPE_TEXT[scope])}
                    </span>
                  </label>
                ))}
              </div>
              {failure?.fieldErrors.scopes && (
                <p className="mt-1 text-sm text-red-700 dark:text-red-300">{failure.fieldErrors.scopes[0]}</p>
              )}
            </fieldset>
            <div>
              <label htmlFor="key-expiry" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                {t('developers:apiKeys.form.expires')}
              </label>
              <select
                id="key-expiry"
                name="expiry"
                defaultValue="90"
                className="mt-1.5 rounded-md border-0 bg-white py-2 pl-3 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:text-white dark:ring-slate-700"
              >
                {Object.entries(EXPIRIES).map(([value, label]) => (
                  <option key={value} value={value}>
                    {t(label)}
                  </option>
                ))}
              </select>
            </div>
            <SubmitButton pendingLabel={t('developers:apiKeys.form.creating')}>
              {t('developers:apiKeys.form.submit')}
            </SubmitButton>
          </Form>
          <section aria-labelledby="keys-heading" className="space-y-3">
            <h2 id="keys-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
              {t('developers:apiKeys.keysHeading')}
            </h2>
            <KeyList keys={keys} />
          </section>
        </>
      )}
    </div>
  );
}
