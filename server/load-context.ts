import type { TAppLanguage } from '../shared/languages';
import type { AppCaller } from './trpc/router';

/** What every Remix loader and action receives as `context` (built in getLoadContext, server/http/server.ts). */
export type ParleyLoadContext = {
  trpc: AppCaller;
  requestId: string;
  /** This response's Content-Security-Policy nonce, for every inline script the page renders (server/http/security-headers.ts). */
  cspNonce: string;
  /** The language the page and its messages are in: the account's, else the browser's (see requestLanguage). */
  locale: TAppLanguage;
};
