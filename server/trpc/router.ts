import { createCallerFactory, router } from './procedures';
import { mailRouter } from './routers/mail';
import { systemRouter } from './routers/system';

export const appRouter = router({
  mail: mailRouter,
  system: systemRouter,
});

/** The one type the browser, the widget and developers' clients import. */
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
export type AppCaller = ReturnType<typeof createCaller>;
