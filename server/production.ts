/**
 * The entry of the server bundle `npm start` runs (`build/app/production.mjs`,
 * made by vite.server.config.ts). Production is the default there; main's
 * imports must see it, hence the dynamic import after setting it.
 */
process.env.NODE_ENV ??= 'production';
await import('./main');
export {};
