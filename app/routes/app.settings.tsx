import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { runFormAction } from '~/lib/forms.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { hasRole } from '~/lib/roles';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction = () => [{ title: 'Workspace settings · Parley' }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  const members =
    workspace.role === 'owner'
      ? await orHttpError(request, context.trpc.workspace.members({ workspaceId: workspace.id }))
      : [];
  return { workspace, others: members.filter((member) => !member.isYou) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const { id: workspaceId } = await requireCurrentWorkspace(context, request);
  const field = (name: string) => String(form.get(name) ?? '');
  const intent = field('intent');
  const result = await runFormAction(form, async () => {
    if (intent === 'rename') return context.trpc.workspace.rename({ workspaceId, name: field('name') });
    if (intent === 'transfer')
      return context.trpc.workspace.transferOwnership({ workspaceId, userId: field('userId') });
    if (intent === 'delete') return context.trpc.workspace.delete({ workspaceId, confirmName: field('confirmName') });
    throw new Error(`Unknown intent ${intent}`);
  });
  if (result.ok && intent === 'delete') throw redirect('/app');
  return { ...result, intent };
}

export default function WorkspaceSettings() {
  const { workspace, others } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const failureFor = (intent: string) => (result && !result.ok && result.intent === intent ? result : null);
  const isAdmin = hasRole(workspace.role, 'admin');
  return (
    <div className="max-w-md space-y-12">
      <section aria-labelledby="rename-heading">
        <h1 id="rename-heading" className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
          Workspace settings
        </h1>
        {isAdmin ? (
          <Form method="post" className="mt-6 space-y-4" noValidate>
            <input type="hidden" name="intent" value="rename" />
            <FormMessage message={failureFor('rename')?.message} />
            <FormMessage tone="success" message={result?.ok && result.intent === 'rename' ? 'Saved.' : null} />
            <TextField
              label="Name"
              name="name"
              required
              maxLength={80}
              defaultValue={failureFor('rename')?.values.name ?? workspace.name}
              errors={failureFor('rename')?.fieldErrors.name}
            />
            <SubmitButton pendingLabel="Saving…">Save name</SubmitButton>
          </Form>
        ) : (
          <p className="mt-4 text-slate-600 dark:text-slate-400">Only admins and owners can change this workspace.</p>
        )}
      </section>

      {workspace.role === 'owner' && others.length > 0 && (
        <section aria-labelledby="transfer-heading">
          <h2 id="transfer-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
            Transfer ownership
          </h2>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">They become an owner; you become an admin.</p>
          <Form method="post" className="mt-4 space-y-4">
            <input type="hidden" name="intent" value="transfer" />
            <FormMessage message={failureFor('transfer')?.message} />
            <div>
              <label htmlFor="transfer-to" className="block text-sm font-medium text-slate-800 dark:text-slate-200">
                New owner
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
            <SubmitButton pendingLabel="Transferring…">Transfer ownership</SubmitButton>
          </Form>
        </section>
      )}

      {workspace.role === 'owner' && (
        <section aria-labelledby="delete-heading" className="rounded-lg p-5 ring-1 ring-red-200 dark:ring-red-900">
          <h2 id="delete-heading" className="text-lg font-semibold text-red-800 dark:text-red-300">
            Delete this workspace
          </h2>
          <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
            Everything in it is removed for good, for every member. Type <strong>{workspace.name}</strong> to confirm.
          </p>
          <Form method="post" className="mt-4 space-y-4" noValidate>
            <input type="hidden" name="intent" value="delete" />
            <FormMessage message={failureFor('delete')?.message} />
            <TextField
              label="Workspace name"
              name="confirmName"
              autoComplete="off"
              required
              errors={failureFor('delete')?.fieldErrors.confirmName}
            />
            <SubmitButton pendingLabel="Deleting…">Delete workspace</SubmitButton>
          </Form>
        </section>
      )}
    </div>
  );
}
