import { createCallerFactory, router } from './procedures';
import { accountRouter } from './routers/account';
import { adminRouter } from './routers/admin';
import { analyticsRouter } from './routers/analytics';
import { chatbotRouter } from './routers/chatbot';
import { conversationRouter } from './routers/conversation';
import { developerRouter } from './routers/developer';
import { inboxRouter } from './routers/inbox';
import { knowledgeRouter } from './routers/knowledge';
import { mailRouter } from './routers/mail';
import { playgroundRouter } from './routers/playground';
import { privacyRouter } from './routers/privacy';
import { systemRouter } from './routers/system';
import { usageRouter } from './routers/usage';
import { webhookRouter } from './routers/webhook';
import { widgetRouter } from './routers/widget';
import { workspaceRouter } from './routers/workspace';

export const appRouter = router({
  account: accountRouter,
  admin: adminRouter,
  analytics: analyticsRouter,
  chatbot: chatbotRouter,
  conversation: conversationRouter,
  developer: developerRouter,
  inbox: inboxRouter,
  knowledge: knowledgeRouter,
  mail: mailRouter,
  playground: playgroundRouter,
  privacy: privacyRouter,
  system: systemRouter,
  usage: usageRouter,
  webhook: webhookRouter,
  widget: widgetRouter,
  workspace: workspaceRouter,
});

/** The one type the browser, the widget and developers' clients import. */
export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
export type AppCaller = ReturnType<typeof createCaller>;
