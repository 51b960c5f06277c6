import { createTRPCClient, httpLink } from '@trpc/client';
import type { BrowserContext } from 'playwright-core';
import superjson from 'superjson';
import type { AppRouter } from '../../../server/trpc/router';

/**
 * The typed tRPC client over HTTP, signed in as the person logged in in a
 * browser context: tests set up through the same procedures the web app
 * calls, without clicking through every form. The Origin header is the app's
 * own, as a browser on the app would send it (mutations check it).
 */
export async function trpcAs(appUrl: string, context: BrowserContext) {
  const cookies = await context.cookies(appUrl);
  const cookie = cookies.map(({ name, value }) => `${name}=${value}`).join('; ');
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${appUrl}/api/trpc`,
        transformer: superjson,
        headers: () => ({ cookie, origin: new URL(appUrl).origin }),
      }),
    ],
  });
}
