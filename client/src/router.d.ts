// Stands in for the router's type while the runtime compiles; build.mjs writes dist/router.d.ts,
// which points at the declarations emitted from Parley's source.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AppRouter = any;
