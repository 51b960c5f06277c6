import type { MetaFunction } from '@remix-run/node';
import { pageTitle } from '~/lib/meta';

// Unknown URLs end here so they get the root's 404 page with a real 404 status.
export function loader() {
  throw new Response('Not Found', { status: 404 });
}

export const meta: MetaFunction = ({ matches }) => [
  { title: pageTitle(matches, 'common:pages.notFound') },
  { name: 'robots', content: 'noindex' },
];

// Never rendered (the loader always throws); the default export keeps this a
// page route, so the root's error boundary and layout render the 404.
export default function NotFound() {
  return null;
}
