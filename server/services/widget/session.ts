import { and, eq } from 'drizzle-orm';
import { visitors, type TVisitor } from '../../../db/schema';
import { AppError } from '../../errors';
import { resolveEmbed } from './access';
import { limitersOf, type TWidgetCtx } from './context';
import { currentConversation, widgetConversationOf } from './conversation';
import { consumeWidgetLimits, LIMIT_MESSAGES } from './limits';
import { normaliseRequestOrigin, ownOrigins } from './origins';
import { installationSecret } from './secrets';
import { signVisitorToken, verifyVisitorToken } from './tokens';

export async function startWidget(
  ctx: TWidgetCtx,
  input: {
    publicKey: string;
    hostOrigin: string | null;
    preview?: string | null;
    visitorToken?: string | null;
    locale?: string | null;
  },
) {
  const hostOrigin = input.hostOrigin === null ? null : normaliseRequestOrigin(input.hostOrigin);
  if (input.hostOrigin !== null && !hostOrigin) {
    throw new AppError('BAD_REQUEST', 'bot:errors.hostOrigin');
  }
  const own = ownOrigins(ctx.env, ctx.headers);
  const { chatbot, previewUntil } = await resolveEmbed(ctx.db, {
    publicKey: input.publicKey,
    hostOrigin,
    preview: input.preview ?? null,
    ownOrigins: own,
  });
  const key = await installationSecret(ctx.db, 'visitor_token_key');
  const token = input.visitorToken || ctx.visitorToken;
  const claims = token ? verifyVisitorToken(key, token) : null;
  const userAgent = ctx.headers.get('user-agent')?.slice(0, 512) ?? null;
  // The team trying its own bot — a preview grant, or Parley's own pages (the demo page, the settings
  // preview) — chats as a test: out of the inbox, figures, quotas and gaps (issue 16, item 11).
  const isTest = previewUntil !== null || hostOrigin === null || own.includes(hostOrigin);
  const seen = { locale: input.locale ?? null, userAgent, lastSeenAt: new Date(), origin: hostOrigin, isTest };

  let visitor: TVisitor | undefined;
  if (claims && claims.chatbotId === chatbot.id) {
    [visitor] = await ctx.db
      .update(visitors)
      .set(seen)
      .where(and(eq(visitors.id, claims.visitorId), eq(visitors.chatbotId, chatbot.id)))
      .returning();
  }
  if (!visitor) {
    await consumeWidgetLimits([{ limiter: limitersOf(ctx).visitorIp, key: ctx.ip }], LIMIT_MESSAGES.visitor);
    [visitor] = await ctx.db
      .insert(visitors)
      .values({ workspaceId: chatbot.workspaceId, chatbotId: chatbot.id, ...seen })
      .returning();
  }
  const conversation = await currentConversation(ctx.db, visitor!.id);
  return {
    visitorToken: signVisitorToken(key, { visitorId: visitor!.id, chatbotId: chatbot.id, previewUntil }),
    visitor: { id: visitor!.id, name: visitor!.name, email: visitor!.email },
    conversation: await widgetConversationOf(ctx.db, conversation),
  };
}
