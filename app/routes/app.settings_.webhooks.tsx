import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import type { TFunction } from 'i18next';
import { Trans, useTranslation } from 'react-i18next';
import { FormMessage } from '~/components/form-fields';
import { DeliveryDetail, DeliveryLog } from '~/components/webhooks/delivery-log';
import { EndpointForm } from '~/components/webhooks/endpoint-form';
import { EndpointSecret } from '~/components/webhooks/endpoint-secret';
import { runFormAction, unknownForm } from '~/lib/forms.server';
import { orHttpError } from '~/lib/loader-errors.server';
import { pageTitle } from '~/lib/meta';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';
import { requireCurrentWorkspace } from '~/lib/workspace.server';
import { hasRole } from '../../shared/roles';

const LOG_PAGE = 50;
const LOG_STATUSES = ['delivered', 'retrying', 'failed', 'pending'] as const;
const logStatusOf = (value: string | null) => LOG_STATUSES.find((status) => status === value);

export const meta: MetaFunction = ({ matches }) => [{ title: pageTitle(matches, 'developers:meta.webhooks') }];

export async function loader({ context, request }: LoaderFunctionArgs) {
  const workspace = await requireCurrentWorkspace(context, request);
  if (!hasRole(workspace.role, 'admin')) return { workspace, isAdmin: false as const };
  const workspaceId = workspace.id;
  const params = new URL(request.url).searchParams;
  const [endpoints, chatbots] = await Promise.all([
    orHttpError(request, context.trpc.webhook.list({ workspaceId })),
    orHttpError(request, context.trpc.chatbot.list({ workspaceId })),
  ]);
  const selected = endpoints.find((endpoint) => endpoint.id === params.get('endpoint')) ?? endpoints[0] ?? null;
  const status = logStatusOf(params.get('status'));
  const before = params.get('before');
  const deliveries = selected
    ? await orHttpError(
        request,
        context.trpc.webhook.deliveries({
          workspaceId,
          endpointId: selected.id,
          status,
          before: before && !Number.isNaN(Date.parse(before)) ? new Date(before) : undefined,
          limit: LOG_PAGE,
        }),
      )
    : [];
  const deliveryId = params.get('delivery');
  const delivery =
    selected && deliveryId
      ? await orHttpError(request, context.trpc.webhook.delivery({ workspaceId, messageId: deliveryId }))
      : null;
  return {
    workspace,
    isAdmin: true as const,
    endpoints,
    chatbots: chatbots.map((chatbot) => ({ id: chatbot.id, name: chatbot.name })),
    selected,
    deliveries,
    logFilter: { status: status ?? null, isPaged: !!before, hasOlder: deliveries.length === LOG_PAGE },
    delivery: delivery?.endpointId === selected?.id ? delivery : null,
  };
}

const endpointFields = (form: FormData) => ({
  url: String(form.get('url') ?? ''),
  description: String(form.get('description') ?? ''),
  chatbotId: String(form.get('chatbotId') ?? '') || null,
  events: form.getAll('events').map(String) as never,
});

export async function action({ context, request }: ActionFunctionArgs) {
  const form = await request.formData();
  const { id: workspaceId } = await requireCurrentWorkspace(context, request);
  const intent = String(form.get('intent') ?? '');
  const endpointId = String(form.get('endpointId') ?? '');
  const webhook = context.trpc.webhook;
  const result = await runFormAction(form, async () => {
    if (intent === 'create') {
      const created = await webhook.create({ workspaceId, ...endpointFields(form) });
      return { endpointId: created.endpoint.id, secret: created.secret };
    }
    if (intent === 'update') return webhook.update({ workspaceId, endpointId, ...endpointFields(form) });
    if (intent === 'toggle')
      return webhook.update({ workspaceId, endpointId, isEnabled: form.get('isEnabled') === 'true' });
    if (intent === 'delete') return webhook.delete({ workspaceId, endpointId });
    if (intent === 'reveal') return webhook.revealSecret({ workspaceId, endpointId });
    if (intent === 'rotate')
      return webhook.rotateSecret({ workspaceId, endpointId, overlapHours: Number(form.get('overlapHours') ?? 24) });
    if (intent === 'test') return webhook.sendTest({ workspaceId, endpointId });
    if (intent === 'replay')
      return webhook.replay({ workspaceId, endpointId, messageIds: [String(form.get('messageId') ?? '')] });
    if (intent === 'replayFailed') return webhook.replay({ workspaceId, endpointId });
    throw unknownForm(intent);
  });
  return { ...result, intent, endpointId };
}

/** The sentence the page shows after an action went through. */
function successMessage(t: TFunction, intent: string, data: unknown): string | null {
  if (intent === 'test') {
    const attempt = (
      data as {
        attempt: { isSuccess: boolean; statusCode: number | null; durationMs: number; error: string | null } | null;
      }
    ).attempt;
    if (!attempt) return null;
    return attempt.isSuccess
      ? t('developers:webhooks.done.testDelivered', { status: attempt.statusCode, ms: attempt.durationMs })
      : t('developers:webhooks.done.testFailed', { error: attempt.error });
  }
  if (intent === 'replay' || intent === 'replayFailed') {
    const { queued } = data as { queued: number };
    return queued
      ? t('developers:webhooks.done.replayQueued', { count: queued })
      : t('developers:webhooks.done.nothingToReplay');
  }
  if (intent === 'update' || intent === 'toggle') return t('developers:webhooks.done.saved');
  if (intent === 'delete') return t('developers:webhooks.done.deleted');
  return null;
}

export default function WebhooksPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  if (!data.isAdmin)
    return (
      <div className="max-w-xl">
        <h1 className="text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
          {t('developers:webhooks.title')}
        </h1>
        <p className="mt-4 text-slate-600 dark:text-slate-400">{t('developers:webhooks.adminsOnly')}</p>
      </div>
    );
  const { endpoints, chatbots, selected, deliveries, delivery, logFilter } = data;
  const failure = result && !result.ok ? result : null;
  const failureFor = (intent: string) => (failure?.intent === intent ? failure : null);
  const success = result?.ok ? successMessage(t, result.intent, result.data) : null;
  const created =
    result?.ok && result.intent === 'create' ? (result.data as { endpointId: string; secret: string }) : null;
  const testFailed =
    result?.ok &&
    result.intent === 'test' &&
    !(result.data as { attempt: { isSuccess: boolean } | null }).attempt?.isSuccess;
  return (
    <div className="max-w-5xl space-y-10">
      <div>
        <p className="text-sm">
          <Link to="/app/settings" className="text-brand-700 hover:underline dark:text-brand-300">
            {t('developers:webhooks.back')}
          </Link>
        </p>
        <h1 className="mt-1 text-2xl font-bold tracking-tight text-slate-900 dark:text-white">
          {t('developers:webhooks.title')}
        </h1>
        <p className="mt-2 max-w-2xl text-slate-600 dark:text-slate-400">
          <Trans i18nKey="developers:webhooks.intro" components={{ code: <code /> }} />
        </p>
      </div>

      {created && (
        <section
          aria-labelledby="created-heading"
          className="rounded-lg bg-emerald-50 p-4 ring-1 ring-emerald-200 dark:bg-emerald-950/40 dark:ring-emerald-900"
        >
          <h2 id="created-heading" className="font-semibold text-emerald-900 dark:text-emerald-100">
            {t('developers:webhooks.created.heading')}
          </h2>
          <p className="mt-1 text-sm text-emerald-900 dark:text-emerald-100">{t('developers:webhooks.created.body')}</p>
          <code className="mt-2 block font-mono text-sm break-all text-emerald-950 dark:text-emerald-50">
            {created.secret}
          </code>
        </section>
      )}

      <div className="grid gap-10 lg:grid-cols-[18rem_1fr]">
        <nav aria-label={t('developers:webhooks.endpoints.label')} className="space-y-4">
          <ul className="space-y-2">
            {endpoints.map((endpoint) => (
              <li key={endpoint.id}>
                <Link
                  to={`?endpoint=${endpoint.id}`}
                  aria-current={endpoint.id === selected?.id ? 'page' : undefined}
                  className="block rounded-md p-3 text-sm ring-1 ring-slate-200 aria-[current=page]:ring-2 aria-[current=page]:ring-brand-600 dark:ring-slate-800"
                >
                  <span className="block truncate font-medium text-slate-900 dark:text-white">{endpoint.url}</span>
                  <span className="block text-slate-600 dark:text-slate-400">
                    {endpoint.isEnabled
                      ? t('developers:webhooks.endpoints.eventCount', { count: endpoint.events.length })
                      : t('developers:webhooks.endpoints.off')}
                    {endpoint.chatbotName ? ` · ${endpoint.chatbotName}` : ''}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
          <details
            open={!endpoints.length || !!failureFor('create')}
            className="rounded-md p-3 ring-1 ring-slate-200 dark:ring-slate-800"
          >
            <summary className="cursor-pointer text-sm font-semibold text-slate-900 dark:text-white">
              {t('developers:webhooks.endpoints.add')}
            </summary>
            <div className="mt-4">
              <EndpointForm
                intent="create"
                initial={{ url: '', description: '', chatbotId: null, events: [] }}
                chatbots={chatbots}
                failure={failureFor('create')}
                submitLabel={t('developers:webhooks.endpoints.add')}
              />
            </div>
          </details>
        </nav>

        {selected && (
          <div className="min-w-0 space-y-8">
            <section aria-labelledby="endpoint-heading" className="space-y-3">
              <h2 id="endpoint-heading" className="text-lg font-semibold break-all text-slate-900 dark:text-white">
                {selected.url}
              </h2>
              {selected.description && <p className="text-slate-700 dark:text-slate-300">{selected.description}</p>}
              {!selected.isEnabled && (
                <p
                  role="status"
                  className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200 dark:bg-amber-950/50 dark:text-amber-100 dark:ring-amber-900"
                >
                  {t('developers:webhooks.endpoint.switchedOff', {
                    reason: selected.disabledReason ?? t('developers:webhooks.endpoint.offUntilOn'),
                  })}
                </p>
              )}
              <FormMessage
                message={failure && failure.intent !== 'create' && failure.intent !== 'update' ? failure.message : null}
              />
              <FormMessage message={testFailed ? success : null} />
              <FormMessage tone="success" message={testFailed ? null : success} />
              <div className="flex flex-wrap gap-3">
                <Form method="post">
                  <input type="hidden" name="intent" value="test" />
                  <input type="hidden" name="endpointId" value={selected.id} />
                  <button type="submit" className={buttonPrimary}>
                    {t('developers:webhooks.endpoint.sendTest')}
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="toggle" />
                  <input type="hidden" name="endpointId" value={selected.id} />
                  <input type="hidden" name="isEnabled" value={String(!selected.isEnabled)} />
                  <button type="submit" className={buttonSecondary}>
                    {selected.isEnabled
                      ? t('developers:webhooks.endpoint.switchOff')
                      : t('developers:webhooks.endpoint.switchOn')}
                  </button>
                </Form>
                <Form method="post">
                  <input type="hidden" name="intent" value="replayFailed" />
                  <input type="hidden" name="endpointId" value={selected.id} />
                  <button type="submit" className={buttonSecondary}>
                    {t('developers:webhooks.endpoint.replayFailed')}
                  </button>
                </Form>
              </div>
            </section>

            {delivery && <DeliveryDetail endpointId={selected.id} delivery={delivery} />}
            <section aria-labelledby="log-heading" className="space-y-3">
              <h2 id="log-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
                {t('developers:webhooks.log.heading')}
              </h2>
              <DeliveryLog endpointId={selected.id} deliveries={deliveries} filter={logFilter} />
            </section>

            <EndpointSecret
              endpointId={selected.id}
              isRotating={selected.isRotating}
              revealed={
                result?.ok &&
                (result.intent === 'reveal' || result.intent === 'rotate') &&
                result.endpointId === selected.id
                  ? (result.data as { secret: string }).secret
                  : null
              }
            />

            <details className="rounded-md p-4 ring-1 ring-slate-200 dark:ring-slate-800" open={!!failureFor('update')}>
              <summary className="cursor-pointer text-sm font-semibold text-slate-900 dark:text-white">
                {t('developers:webhooks.endpoint.edit')}
              </summary>
              <div className="mt-4 max-w-md">
                <EndpointForm
                  key={selected.id}
                  intent="update"
                  endpointId={selected.id}
                  initial={selected}
                  chatbots={chatbots}
                  failure={failureFor('update')}
                  submitLabel={t('developers:webhooks.endpoint.save')}
                />
              </div>
              <Form method="post" className="mt-6">
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="endpointId" value={selected.id} />
                <button type="submit" className="text-sm font-medium text-red-700 hover:underline dark:text-red-400">
                  {t('developers:webhooks.endpoint.delete')}
                </button>
              </Form>
            </details>
          </div>
        )}
      </div>
    </div>
  );
}
