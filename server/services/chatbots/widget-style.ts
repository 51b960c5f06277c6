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

const COLOR_MESSAGE = 'Enter the colour as a hex code like #4f46e5.';

const fields = {
  /** The launcher, the visitor's bubbles and buttons; stored as `#rrggbb`. */
  primaryColor: z.string({ error: COLOR_MESSAGE }).transform((value, ctx) => {
    const hex = normaliseHexColor(value);
    if (!hex) ctx.addIssue({ code: 'custom', message: COLOR_MESSAGE, input: value });
    return hex ?? z.NEVER;
  }),
  position: z.enum(WIDGET_POSITIONS, { error: 'Choose bottom right or bottom left.' }),
  /** Shown next to the launcher icon; empty for an icon-only launcher. */
  launcherLabel: z
    .string({ error: 'Write the launcher label as text.' })
    .trim()
    .max(MAX_LAUNCHER_LABEL, `Keep the launcher label to ${MAX_LAUNCHER_LABEL} characters or fewer.`),
  /** `auto` follows the visitor's system setting. */
  theme: z.enum(WIDGET_THEMES, { error: 'Choose light, dark or automatic.' }),
  cornerRadius: z
    .number({ error: `Set the corner radius as a number of pixels from 0 to ${MAX_CORNER_RADIUS}.` })
    .int('Use a whole number of pixels for the corner radius.')
    .min(0, `The corner radius goes from 0 to ${MAX_CORNER_RADIUS} pixels.`)
    .max(MAX_CORNER_RADIUS, `The corner radius goes from 0 to ${MAX_CORNER_RADIUS} pixels.`),
  font: z.enum(WIDGET_FONT_IDS, { error: 'Choose one of the fonts in the list.' }),
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
