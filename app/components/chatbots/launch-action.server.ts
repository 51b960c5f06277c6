import type { AppLoadContext } from '@remix-run/node';
import { runFormAction } from '~/lib/forms.server';

/** The wizard's own small forms: suggested questions (knowledge step), websites and go-live (last step). */
export const LAUNCH_INTENTS = ['suggestions', 'websites', 'goLive'] as const;
export type TLaunchIntent = (typeof LAUNCH_INTENTS)[number];

export const isLaunchIntent = (intent: unknown): intent is TLaunchIntent =>
  LAUNCH_INTENTS.includes(intent as TLaunchIntent);

/**
 * Saves the allowed websites or sets the chatbot live from the setup
 * wizard's last step, so the path from the snippet to a live bot does not
 * detour through the bottom of Settings.
 */
export async function saveLaunchStep(
  context: AppLoadContext,
  form: FormData,
  target: { workspaceId: string; chatbotId: string },
) {
  const intent = String(form.get('intent')) as TLaunchIntent;
  const allowedOrigins = form.getAll('allowedOrigins').map(String);
  const suggestedQuestions = form.getAll('settings.suggestedQuestions').map(String);
  const result = await runFormAction(form, () =>
    intent === 'suggestions'
      ? context.trpc.chatbot.update({ ...target, settings: { suggestedQuestions } })
      : intent === 'websites'
        ? context.trpc.chatbot.update({ ...target, allowedOrigins })
        : context.trpc.chatbot.setStatus({ ...target, status: 'live' }),
  );
  return {
    launchIntent: intent,
    ok: result.ok,
    message: result.ok ? null : result.message,
    fieldErrors: result.ok ? {} : result.fieldErrors,
    allowedOrigins,
    suggestedQuestions,
    answeredAt: Date.now(),
  };
}

export type TLaunchResult = Awaited<ReturnType<typeof saveLaunchStep>>;
