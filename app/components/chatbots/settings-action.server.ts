import type { ActionFunctionArgs, AppLoadContext } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { runFormAction, unknownForm } from '~/lib/forms.server';
import { requireCurrentWorkspace } from '~/lib/workspace.server';
import { readSettingsForm } from './settings-form.server';

type TIntentArgs = {
  context: AppLoadContext;
  form: FormData;
  target: { workspaceId: string; chatbotId: string };
};

const chatbotOf = ({ context }: TIntentArgs) => context.trpc.chatbot;
const field = ({ form }: TIntentArgs, name: string) => String(form.get(name) ?? '');
const run = <T>(args: TIntentArgs, call: () => Promise<T>) => runFormAction(args.form, call);

const saveSettings = (args: TIntentArgs) =>
  run(args, () => chatbotOf(args).update({ ...args.target, ...readSettingsForm(args.form) }));

// The status is checked by the procedure's schema; the cast only tells TypeScript so.
const setStatus = (args: TIntentArgs) =>
  run(args, () => chatbotOf(args).setStatus({ ...args.target, status: field(args, 'status') as 'live' }));

const rotateKey = (args: TIntentArgs) => run(args, () => chatbotOf(args).rotateKey(args.target));

const rotateWebhookSecret = (args: TIntentArgs) => run(args, () => chatbotOf(args).rotateWebhookSecret(args.target));

/** The copy opens at once, on its own settings page. */
const duplicate = async (args: TIntentArgs) => {
  const result = await run(args, () => chatbotOf(args).duplicate(args.target));
  if (result.ok) throw redirect(`/app/chatbots/${result.data.id}/settings`);
  return result;
};

const deleteChatbot = async (args: TIntentArgs) => {
  const result = await run(args, () =>
    chatbotOf(args).delete({ ...args.target, confirmName: field(args, 'confirmName') }),
  );
  if (result.ok) throw redirect('/app/chatbots');
  return result;
};

const HANDLERS = {
  save: saveSettings,
  status: setStatus,
  rotateKey,
  rotateWebhookSecret,
  duplicate,
  delete: deleteChatbot,
};

type TIntent = keyof typeof HANDLERS;

const isIntent = (intent: string): intent is TIntent => Object.hasOwn(HANDLERS, intent);

/**
 * The chatbot settings page's action: the settings form and each of the
 * buttons below it name their intent, and one handler answers each. Every
 * answer has the same shape, tagged with its intent so only its form shows it.
 */
export async function handleChatbotSettingsAction({
  context,
  params,
  request,
}: Pick<ActionFunctionArgs, 'context' | 'params' | 'request'>) {
  const form = await request.formData();
  const { id: workspaceId } = await requireCurrentWorkspace(context, request);
  const intent = String(form.get('intent') ?? '');
  if (!isIntent(intent)) throw unknownForm(intent);
  const result = await HANDLERS[intent]({ context, form, target: { workspaceId, chatbotId: params.chatbotId ?? '' } });
  return {
    ok: result.ok,
    intent,
    message: result.ok ? null : result.message,
    fieldErrors: result.ok ? {} : result.fieldErrors,
    values: result.ok ? {} : result.values,
    // Lists post one value per row; `values` keeps only the last, so the rows travel back whole.
    lists: {
      suggestedQuestions: form.getAll('settings.suggestedQuestions').map(String),
      allowedOrigins: form.getAll('allowedOrigins').map(String),
    },
    // Remounts the form after every answer, so it shows exactly what was saved or what was typed.
    answeredAt: Date.now(),
  };
}

export type TSettingsActionData = Awaited<ReturnType<typeof handleChatbotSettingsAction>>;
