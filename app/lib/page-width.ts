import { useLocation } from '@remix-run/react';

/**
 * The width of a page's content column. The header and footer use the same one as the page between them,
 * so their edges line up — the inbox takes the whole width for its list, thread and visitor panel.
 */
export function usePageWidth(): string {
  const { pathname } = useLocation();
  return pathname.startsWith('/app/inbox') ? 'max-w-screen-2xl' : 'max-w-6xl';
}
