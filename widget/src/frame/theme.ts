import { readableTextOn, WIDGET_FONTS } from '../../../shared/widget-look';
import type { TWidgetStyle } from './types';

export const applyTheme = (style: TWidgetStyle) => {
  const root = document.documentElement;
  const color = /^#[0-9a-f]{6}$/i.test(style.primaryColor) ? style.primaryColor : '#4f46e5';
  root.style.setProperty('--accent', color);
  root.style.setProperty('--on-accent', readableTextOn(color));
  root.style.setProperty('--radius', `${Math.max(0, Math.min(24, style.cornerRadius))}px`);
  root.style.setProperty('--font', (WIDGET_FONTS[style.font] ?? WIDGET_FONTS.system).stack);
  root.dataset.theme = style.theme;
};
