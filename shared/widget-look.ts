/**
 * The pieces of the widget's look that both the server (its schema) and the
 * browser (the live preview) need.
 */

/**
 * Fonts every platform has or that fall back to one it has: no webfont download on the host page.
 * `label` is the message key of the name the style form shows.
 */
export const WIDGET_FONTS = {
  system: {
    label: 'chatbots:widgetStyle.fonts.system',
    stack: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  },
  sans: { label: 'chatbots:widgetStyle.fonts.sans', stack: '"Helvetica Neue", Arial, sans-serif' },
  serif: { label: 'chatbots:widgetStyle.fonts.serif', stack: 'Georgia, "Times New Roman", serif' },
  rounded: {
    label: 'chatbots:widgetStyle.fonts.rounded',
    stack: 'ui-rounded, "SF Pro Rounded", Nunito, system-ui, sans-serif',
  },
  mono: { label: 'chatbots:widgetStyle.fonts.mono', stack: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace' },
} as const;

export type TWidgetFont = keyof typeof WIDGET_FONTS;
export const WIDGET_FONT_IDS = Object.keys(WIDGET_FONTS) as [TWidgetFont, ...TWidgetFont[]];

export const WIDGET_POSITIONS = ['bottom-right', 'bottom-left'] as const;
export const WIDGET_THEMES = ['auto', 'light', 'dark'] as const;
export const MAX_CORNER_RADIUS = 24;
export const MAX_LAUNCHER_LABEL = 30;

const HEX = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#abc`, `ABC`, `#aabbcc` → `#aabbcc`; null when it is not a hex colour. */
export const normaliseHexColor = (value: string): string | null => {
  const trimmed = value.trim();
  if (!HEX.test(trimmed)) return null;
  const hex = trimmed.replace('#', '').toLowerCase();
  return `#${hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex}`;
};

/** Black or white, whichever reads better on a `#rrggbb` colour (WCAG relative luminance). */
export const readableTextOn = (hex: string): '#000000' | '#ffffff' => {
  const channel = (offset: number) => {
    const value = parseInt(hex.slice(offset, offset + 2), 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
  // Above this, contrast with black beats contrast with white.
  return luminance > 0.179 ? '#000000' : '#ffffff';
};
