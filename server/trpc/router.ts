import { createCallerFactory, router } from './procedures';
import { accountRouter } from './routers/account';
import { chatbotRouter } from './routers/chatbot';
import { gapRouter } from './routers/gap';
import { mailRouter } from './routers/mail';
import { playgroundRouter } from './routers/playground';
import { sourceRouter } from './routers/source';
import { systemRouter } from './routers/system';
import { workspaceRouter } from './routers/workspace';

export const appRouter = router({
  account: accountRouter,
  chatbot: chatbotRouter,
  gap: gapRouter,
  mail: mailRouter,
  playground: playgroundRouter,
  source: sourceRouter,
  system: systemRouter,
  workspace: workspaceRouter,
});

/** The one type the browser, the widget and developers' clients import. */
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
export type AppCaller = ReturnType<typeof createCaller>;
