import { z } from 'zod';
import {
  MAX_CORNER_RADIUS,
  MAX_LAUNCHER_LABEL,
  normaliseHexColor,
  WIDGET_FONT_IDS,
  WIDGET_POSITIONS,
  WIDGET_THEMES,
} from '../../../shared/widget-look';

/**
 * What a chatbot's `widget` JSON may hold: the look of the launcher and the
 * chat window. Small on purpose (the widget issue extends it), and read
 * leniently like the settings, so a style written before a key existed still
 * comes back whole. The constants live in shared/widget-look.ts because the
 * live preview in the browser needs them too.
 */

const COLOR_MESSAGE = 'chatbots:validation.colour';

const fields = {
  /** The launcher, the visitor's bubbles and buttons; stored as `#rrggbb`. */
  primaryColor: z.string({ error: COLOR_MESSAGE }).transform((value, ctx) => {
    const hex = normaliseHexColor(value);
    if (!hex) ctx.addIssue({ code: 'custom', message: COLOR_MESSAGE, input: value });
    return hex ?? z.NEVER;
  }),
  position: z.enum(WIDGET_POSITIONS, { error: 'chatbots:validation.position' }),
  /** Shown next to the launcher icon; empty for an icon-only launcher. */
  launcherLabel: z
    .string({ error: 'chatbots:validation.launcherText' })
    .trim()
    .max(MAX_LAUNCHER_LABEL, 'chatbots:validation.launcherTooLong'),
  /** `auto` follows the visitor's system setting. */
  theme: z.enum(WIDGET_THEMES, { error: 'chatbots:validation.theme' }),
  cornerRadius: z
    // The sentences name the largest radius (24) themselves: only the `max` check would carry it.
    .number({ error: 'chatbots:validation.radiusNumber' })
    .int('chatbots:validation.radiusWhole')
    .min(0, 'chatbots:validation.radiusRange')
    .max(MAX_CORNER_RADIUS, 'chatbots:validation.radiusRange'),
  font: z.enum(WIDGET_FONT_IDS, { error: 'chatbots:validation.font' }),
};

export const ZWidgetStyle = z.object(fields);
export type TWidgetStyle = z.output<typeof ZWidgetStyle>;

/** A change to some of the style; unknown keys are refused so a typo is not silently dropped. */
export const ZWidgetStylePatch = z.strictObject(fields).partial();
export type TWidgetStylePatch = z.input<typeof ZWidgetStylePatch>;

export const DEFAULT_WIDGET_STYLE: TWidgetStyle = {
  primaryColor: '#4f46e5',
  position: 'bottom-right',
  launcherLabel: 'Chat with us',
  theme: 'auto',
  cornerRadius: 16,
  font: 'system',
};

/**
 * The stored style as the current schema sees it: each key that is missing
 * or no longer valid takes its default on its own, so one stale value never
 * throws away the rest of someone's choices.
 */
export const readWidgetStyle = (raw: unknown): TWidgetStyle => {
  const stored = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const style: Record<string, unknown> = { ...DEFAULT_WIDGET_STYLE };
  for (const key of Object.keys(fields) as (keyof typeof fields)[]) {
    const result = fields[key].safeParse(stored[key]);
    if (result.success) style[key] = result.data;
  }
  return style as TWidgetStyle;
};
