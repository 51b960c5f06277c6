import { createCallerFactory, router } from './procedures';
import { accountRouter } from './routers/account';
import { chatbotRouter } from './routers/chatbot';
import { gapRouter } from './routers/gap';
import { inboxRouter } from './routers/inbox';
import { mailRouter } from './routers/mail';
import { playgroundRouter } from './routers/playground';
import { sourceRouter } from './routers/source';
import { systemRouter } from './routers/system';
import { widgetRouter } from './routers/widget';
import { workspaceRouter } from './routers/workspace';

export const appRouter = router({
  account: accountRouter,
  chatbot: chatbotRouter,
  gap: gapRouter,
  inbox: inboxRouter,
  mail: mailRouter,
  playground: playgroundRouter,
  source: sourceRouter,
  system: systemRouter,
  widget: widgetRouter,
  workspace: workspaceRouter,
});

/** The one type the browser, the widget and developers' clients import. */
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
export type AppCaller = ReturnType<typeof createCaller>;
