import type { ActionFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { runFormAction } from '~/lib/forms.server';
import { pageTitle } from '~/lib/meta';
import type { loader as layoutLoader } from '~/routes/app';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'dashboard:newWorkspace.metaTitle') }];

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const result = await runFormAction(form, () =>
    context.trpc.workspace.create({ name: String(form.get('name') ?? '') }),
  );
  if (!result.ok) return result;
  throw redirect('/app');
}

export default function NewWorkspace() {
  const { t } = useTranslation();
  const failure = useActionData<typeof action>();
  const hasWorkspace = !!useRouteLoaderData<typeof layoutLoader>('routes/app')?.current;
  return (
    <div className="max-w-md">
      <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
        {hasWorkspace ? t('dashboard:newWorkspace.heading') : t('dashboard:newWorkspace.headingFirst')}
      </h1>
      <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t('dashboard:newWorkspace.intro')}</p>
      <Form method="post" className="mt-6 space-y-5" noValidate>
        <FormMessage message={failure?.message} />
        <TextField
          label={t('dashboard:newWorkspace.name')}
          name="name"
          required
          maxLength={80}
          defaultValue={failure?.values.name}
          errors={failure?.fieldErrors.name}
        />
        <SubmitButton pendingLabel={t('dashboard:newWorkspace.creating')}>
          {t('dashboard:newWorkspace.create')}
        </SubmitButton>
      </Form>
    </div>
  );
}
