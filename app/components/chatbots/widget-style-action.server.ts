import type { AppLoadContext } from '@remix-run/node';
import { runFormAction } from '~/lib/forms.server';
import type { TWidgetFont } from '../../../shared/widget-look';
import { WIDGET_STYLE_INTENT } from './widget-style-form';

/**
 * Saves the widget style form (the Widget tab and the setup wizard's style
 * step post the same fields). What comes back is what the form shows:
 * per-field sentences and the typed values on a refusal.
 */
export async function saveWidgetStyle(
  context: AppLoadContext,
  form: FormData,
  target: { workspaceId: string; chatbotId: string },
) {
  const text = (name: string) => String(form.get(name) ?? '');
  const radius = text('widget.cornerRadius');
  const result = await runFormAction(form, () =>
    context.trpc.chatbot.updateWidget({
      ...target,
      // Passed on as typed; the procedure's schema decides and answers per field.
      widget: {
        primaryColor: text('widget.primaryColor'),
        position: text('widget.position') as 'bottom-right',
        launcherLabel: text('widget.launcherLabel'),
        theme: text('widget.theme') as 'auto',
        cornerRadius: radius.trim() === '' ? Number.NaN : Number(radius),
        font: text('widget.font') as TWidgetFont,
      },
    }),
  );
  return {
    intent: WIDGET_STYLE_INTENT,
    ok: result.ok,
    message: result.ok ? null : result.message,
    fieldErrors: result.ok ? {} : result.fieldErrors,
    values: result.ok ? {} : result.values,
    answeredAt: Date.now(),
  };
}

export type TWidgetStyleResult = Awaited<ReturnType<typeof saveWidgetStyle>>;
