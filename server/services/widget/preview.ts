import { loadChatbot } from '../chatbots/chatbots';
import type { TMemberCtx } from '../workspaces/workspaces';
import { installationSecret } from './secrets';
import { signPreviewToken } from './tokens';

/**
 * A short-lived token that lets the chatbot load on Parley's own pages
 * whatever its status: the live preview in the dashboard and the demo page
 * show a draft before it goes live. Useless on other websites.
 */
export async function createPreviewToken(ctx: TMemberCtx, input: { chatbotId: string }) {
  const chatbot = await loadChatbot(ctx.db, { workspaceId: ctx.workspace.id, chatbotId: input.chatbotId });
  return signPreviewToken(await installationSecret(ctx.db, 'visitor_token_key'), { chatbotId: chatbot.id });
}
