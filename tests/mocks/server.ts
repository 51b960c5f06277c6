import type { RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';

const isLocal = (url: URL) => ['127.0.0.1', 'localhost', '[::1]', '::1'].includes(url.hostname);

/**
 * Fakes outside services (Gemini, OAuth providers, SMTP relays, webhook
 * receivers) at the HTTP boundary for one test file. Handlers live in
 * tests/mocks/<service>.ts. Requests to this machine pass through (our own
 * server under test); any other request nobody handles fails the test, so a
 * test can never reach the internet by accident.
 */
export function fakeOutsideServices(...handlers: RequestHandler[]) {
  const server = setupServer(...handlers);
  beforeAll(() =>
    server.listen({
      onUnhandledRequest: (request, print) => {
        if (!isLocal(new URL(request.url))) print.error();
      },
    }),
  );
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  return server;
}
