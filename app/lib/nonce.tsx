import { createContext, useContext, type ReactNode } from 'react';

/**
 * This response's Content-Security-Policy nonce (made in
 * server/http/security-headers.ts), for every inline script a page renders.
 * Empty in the browser, which hides nonces from scripts anyway; the
 * attributes only matter in the HTML the server sends.
 */
const NonceContext = createContext('');

export const NonceProvider = ({ nonce, children }: { nonce: string; children: ReactNode }) => (
  <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>
);

export const useNonce = () => useContext(NonceContext);
