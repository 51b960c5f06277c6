import type { ChartOptions } from 'chart.js';

/** The charts' colours, in the order series take them. */
export const PALETTE = ['#4f46e5', '#0ea5e9', '#10b981', '#f59e0b', '#ef4444', '#8b5cf6', '#64748b'];

/**
 * What every bar and line chart shares: readable axes and legend in light and
 * dark, no animation, and numbers on axes and tooltips in the page's language.
 */
export function baseOptions(isDark: boolean, locale: string): ChartOptions<'bar' | 'line'> {
  const text = isDark ? '#cbd5e1' : '#475569';
  const grid = isDark ? 'rgba(148,163,184,0.15)' : 'rgba(100,116,139,0.15)';
  return {
    locale,
    responsive: true,
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { labels: { color: text, boxWidth: 12 } } },
    scales: {
      x: { ticks: { color: text }, grid: { color: grid } },
      y: { ticks: { color: text, precision: 0 }, grid: { color: grid }, beginAtZero: true },
    },
  };
}
