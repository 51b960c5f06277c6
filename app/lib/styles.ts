/**
 * Shared class strings for the few primitives every page uses. Brand 700 on
 * white and brand 300 on slate 950 keep text at WCAG AA in both themes.
 */
export const buttonPrimary =
  'inline-flex items-center justify-center gap-2 rounded-md bg-brand-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm transition-colors hover:bg-brand-700 dark:bg-brand-400 dark:text-slate-950 dark:hover:bg-brand-300';

export const buttonSecondary =
  'inline-flex items-center justify-center gap-2 rounded-md bg-white px-4 py-2.5 text-sm font-semibold text-slate-800 shadow-sm ring-1 ring-slate-300 transition-colors ring-inset hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-100 dark:ring-slate-700 dark:hover:bg-slate-800';

/** For what cannot be undone (deleting a chatbot or a workspace): red, so it is never mistaken for the usual action. */
export const buttonDanger =
  'inline-flex items-center justify-center gap-2 rounded-md bg-red-600 px-4 py-2.5 text-sm font-semibold text-white shadow-sm hover:bg-red-700 disabled:opacity-70 dark:bg-red-700 dark:hover:bg-red-600';
