import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { Form, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { SetupStepper } from '~/components/chatbots/setup-stepper';
import { FormMessage, SubmitButton, TextField } from '~/components/form-fields';
import { runFormAction } from '~/lib/forms.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { pageTitle } from '~/lib/meta';
import { requireCurrentWorkspace } from '~/lib/workspace.server';

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'chatbots:meta.new') }];

type TTemplateId = Parameters<AppLoadContext['trpc']['chatbot']['create']>[0]['template'];

export async function loader({ context, request }: LoaderFunctionArgs) {
  await requireCurrentWorkspace(context, request);
  const templates = await orHttpError(request, context.trpc.chatbot.templates());
  return { templates: templates.map(({ id, name, description }) => ({ id, name, description })) };
}

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const workspace = await requireCurrentWorkspace(context, request);
  const result = await runFormAction(form, () =>
    context.trpc.chatbot.create({
      workspaceId: workspace.id,
      name: String(form.get('name') ?? ''),
      template: String(form.get('template') ?? '') as TTemplateId,
    }),
  );
  if (!result.ok) return result;
  // The wizard goes on with the chatbot that now exists: knowledge, widget style, embed snippet.
  throw redirect(`/app/chatbots/${result.data.id}/setup?step=knowledge`);
}

export default function NewChatbot() {
  const { t } = useTranslation();
  const { templates } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const templateErrors = failure?.fieldErrors.template;
  const chosen = failure?.values.template ?? templates[0]?.id;
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <SetupStepper current={[0, 1]} />
      <div>
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
          {t('chatbots:new.heading')}
        </h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t('chatbots:new.intro')}</p>
      </div>
      <Form method="post" className="space-y-6" noValidate>
        <FormMessage message={failure?.message} />
        <TextField
          label={t('chatbots:new.name')}
          name="name"
          required
          maxLength={80}
          defaultValue={failure?.values.name}
          errors={failure?.fieldErrors.name}
        />
        <fieldset aria-describedby={templateErrors?.length ? 'template-errors' : undefined}>
          <legend className="text-sm font-medium text-slate-800 dark:text-slate-200">
            {t('chatbots:new.template')}
          </legend>
          <div className="mt-2 grid gap-3 sm:grid-cols-2">
            {templates.map((template) => (
              <label
                key={template.id}
                className="flex cursor-pointer gap-3 rounded-lg bg-white p-4 ring-1 ring-slate-300 has-[:checked]:ring-2 has-[:checked]:ring-brand-600 dark:bg-slate-900 dark:ring-slate-700 dark:has-[:checked]:ring-brand-400"
              >
                <input
                  type="radio"
                  name="template"
                  value={template.id}
                  defaultChecked={template.id === chosen}
                  className="mt-1 accent-brand-600"
                />
                <span>
                  <span className="block font-medium text-slate-900 dark:text-white">{template.name}</span>
                  <span className="mt-1 block text-sm text-slate-600 dark:text-slate-400">{template.description}</span>
                </span>
              </label>
            ))}
          </div>
          {templateErrors?.length ? (
            <ul id="template-errors" className="mt-1.5 space-y-0.5 text-sm text-red-700 dark:text-red-400">
              {templateErrors.map((error) => (
                <li key={error}>{error}</li>
              ))}
            </ul>
          ) : null}
        </fieldset>
        <div className="max-w-xs">
          <SubmitButton pendingLabel={t('chatbots:new.creating')}>{t('chatbots:new.create')}</SubmitButton>
        </div>
      </Form>
    </div>
  );
}
