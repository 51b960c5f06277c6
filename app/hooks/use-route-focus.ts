import { useLocation } from '@remix-run/react';
import { useEffect } from 'react';

// Module state, not a ref: Remix remounts the root Layout when it switches
// between a page and the error boundary, and a ref would forget the last path.
let lastPathname: string | null = null;

/**
 * Client-side navigation keeps focus where the clicked link was, or drops it
 * on <body> when that link unmounts, so keyboard and screen reader users
 * would start the new page from a random point. Moving focus to <main> (not
 * scrolling: ScrollRestoration owns that) starts them at the new content.
 * The first page load and hash-only changes keep the browser's own behaviour.
 */
export function useRouteFocus(mainId: string) {
  const { pathname } = useLocation();

  useEffect(() => {
    const isFirstRender = lastPathname === null;
    const hasChanged = lastPathname !== pathname;
    lastPathname = pathname;
    if (isFirstRender || !hasChanged) return;
    document.getElementById(mainId)?.focus({ preventScroll: true });
  }, [pathname, mainId]);
}
