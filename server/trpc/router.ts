import { createCallerFactory, router } from './procedures';
import { accountRouter } from './routers/account';
import { chatbotRouter } from './routers/chatbot';
import { mailRouter } from './routers/mail';
import { sourceRouter } from './routers/source';
import { systemRouter } from './routers/system';
import { workspaceRouter } from './routers/workspace';

export const appRouter = router({
  account: accountRouter,
  chatbot: chatbotRouter,
  mail: mailRouter,
  source: sourceRouter,
  system: systemRouter,
  workspace: workspaceRouter,
});

/** The one type the browser, the widget and developers' clients import. */
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
export type AppCaller = ReturnType<typeof createCaller>;
