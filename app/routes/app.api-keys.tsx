import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { CopyButton } from '~/components/copy-button';
import { KeyList } from '~/components/developers/key-list';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { runFormAction, unknownForm } from '~/lib/forms.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { requireCurrentWorkspace } from '~/lib/workspace.server';
import { API_SCOPE_LABELS, API_SCOPES } from '../../shared/api-scopes';
import { hasRole } from '../../shared/roles';

export const meta: MetaFunction = () => [{ title: 'API keys · Parley' }];

const EXPIRIES = { never: 'Never', '30': 'In 30 days', '90': 'In 90 days', '365': 'In a year' } as const;
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
  return (
    <div
      role="status"
      className="space-y-2 rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200 dark:bg-emerald-950/50 dark:ring-emerald-900"
    >
      <p className="text-sm font-medium text-emerald-900 dark:text-emerald-100">
        “{name}” is ready. Copy its secret now: Parley keeps only a fingerprint and cannot show it again.
      </p>
      <div className="flex items-center gap-2 rounded-md bg-slate-900 px-3 py-2">
        <code className="min-w-0 flex-1 break-all font-mono text-xs text-slate-100" data-testid="new-key-secret">
          {secret}
        </code>
        <CopyButton text={secret} label="Copy key" />
      </div>
    </div>
  );
}

export default function ApiKeys() {
  const { keys } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failure = result && !result.ok ? result : null;
  const created = result?.ok && result.intent === 'create' && 'secret' in result.data ? result.data : null;
  return (
    <div className="max-w-2xl space-y-10">
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">API keys</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          Keys let your own code call this workspace through the typed client <code>@parley/client</code>, REST routes
          described by an OpenAPI document, or WebSocket subscriptions. A key acts as the admin who created it — never
          as an owner — limited to its scopes.{' '}
          <Link to="/app/api-docs" className="font-medium text-brand-700 underline dark:text-brand-300">
            Read the API reference
          </Link>
          .
        </p>
      </div>
      {keys === null ? (
        <p className="text-slate-600 dark:text-slate-400">Only admins and owners can manage API keys.</p>
      ) : (
        <>
          {created && <NewSecret name={created.key.name} secret={created.secret} />}
          <FormMessage message={failure?.message} />
          <Form method="post" className="space-y-5" noValidate aria-label="Create an API key">
            <h2 className="text-lg font-semibold text-slate-900 dark:text-white">Create a key</h2>
            <input type="hidden" name="intent" value="create" />
            <TextField
              label="Name"
              name="name"
              required
              maxLength={80}
              placeholder="e.g. Zapier sync, CI"
              defaultValue={failure?.intent === 'create' ? failure.values.name : ''}
              errors={failure?.fieldErrors.name}
            />
            <fieldset>
              <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">Scopes</legend>
              <div className="mt-2 grid gap-2 sm:grid-cols-2">
                {API_SCOPES.map((scope) => (
                  <label key={scope} className="flex items-start gap-2 text-sm text-slate-700 dark:text-slate-300">
                    <input type="checkbox" name="scopes" value={scope} className="mt-1" />
                    <span>
                      <span className="font-mono text-xs text-slate-900 dark:text-white">{scope}</span>
                      <br />
                      {API_SCOPE_LABELS[scope]}
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
                Expires
              </label>
              <select
                id="key-expiry"
                name="expiry"
                defaultValue="90"
                className="mt-1.5 rounded-md border-0 bg-white py-2 pl-3 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset dark:bg-slate-900 dark:text-white dark:ring-slate-700"
              >
                {Object.entries(EXPIRIES).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
            <SubmitButton pendingLabel="Creating…">Create key</SubmitButton>
          </Form>
          <section aria-labelledby="keys-heading" className="space-y-3">
            <h2 id="keys-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
              Keys
            </h2>
            <KeyList keys={keys} />
          </section>
        </>
      )}
    </div>
  );
}
