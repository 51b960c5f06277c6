import type { AppCaller } from './trpc/router';

/** What every Remix loader and action receives as `context` (see server/http/remix.ts). */
export type ParleyLoadContext = {
  trpc: AppCaller;
  requestId: string;
  /** This response's Content-Security-Policy nonce, for every inline script the page renders (server/http/security-headers.ts). */
  cspNonce: string;
};
