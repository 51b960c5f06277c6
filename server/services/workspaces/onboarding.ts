import { and, desc, eq, sql } from 'drizzle-orm';
import { chatbots, conversations, knowledgeSources, messages } from '../../../db/schema';
import type { TMemberCtx } from './workspaces';

/** The path from an empty workspace to a bot answering on the owner's own website, in order. */
export const ONBOARDING_STEPS = ['knowledge', 'tried', 'website', 'live', 'seen'] as const;
export type TOnboardingStep = (typeof ONBOARDING_STEPS)[number];

const NOTHING_DONE: Record<TOnboardingStep, boolean> = {
  knowledge: false,
  tried: false,
  website: false,
  live: false,
  seen: false,
};

/** Enough to pick the chatbot furthest along without reading a large workspace whole. */
const CHATBOTS_CONSIDERED = 50;

/**
 * Where the workspace stands on the onboarding checklist, read from real
 * data rather than from clicks on the list: a ready knowledge source, a
 * question asked in the playground, an allowed website, the live status
 * and the widget's first load on an allowed website (`chatbots.widget_seen_at`,
 * recorded by the loader's config request). The chatbot shown is the one
 * furthest along (the newest among equals), so the links lead to where the
 * next step is done; `chatbot` is null until the workspace has one.
 */
export async function getOnboarding(ctx: TMemberCtx) {
  const rows = await ctx.db
    .select({
      id: chatbots.id,
      name: chatbots.name,
      status: chatbots.status,
      allowedOrigins: chatbots.allowedOrigins,
      widgetSeenAt: chatbots.widgetSeenAt,
      widgetSeenOrigin: chatbots.widgetSeenOrigin,
      hasKnowledge: sql<boolean>`exists (${ctx.db
        .select({ one: sql`1` })
        .from(knowledgeSources)
        .where(and(eq(knowledgeSources.chatbotId, chatbots.id), eq(knowledgeSources.status, 'ready')))})`,
      hasTried: sql<boolean>`exists (${ctx.db
        .select({ one: sql`1` })
        .from(conversations)
        .innerJoin(messages, eq(messages.conversationId, conversations.id))
        .where(
          and(
            eq(conversations.chatbotId, chatbots.id),
            eq(conversations.channel, 'playground'),
            eq(messages.role, 'visitor'),
          ),
        )})`,
    })
    .from(chatbots)
    .where(eq(chatbots.workspaceId, ctx.workspace.id))
    .orderBy(desc(chatbots.createdAt), desc(chatbots.id))
    .limit(CHATBOTS_CONSIDERED);

  const candidates = rows.map((row) => {
    const done: Record<TOnboardingStep, boolean> = {
      knowledge: Boolean(row.hasKnowledge),
      tried: Boolean(row.hasTried),
      website: row.allowedOrigins.length > 0,
      live: row.status === 'live',
      seen: row.widgetSeenAt !== null,
    };
    return { row, done, count: ONBOARDING_STEPS.filter((step) => done[step]).length };
  });
  // Stable sort: among equals the newest (first in the rows) wins.
  const best = [...candidates].sort((a, b) => b.count - a.count)[0];
  if (!best) return { chatbot: null, done: NOTHING_DONE, isComplete: false };
  const { row, done, count } = best;
  return {
    chatbot: {
      id: row.id,
      name: row.name,
      status: row.status,
      firstAllowedOrigin: row.allowedOrigins[0] ?? null,
      widgetSeenAt: row.widgetSeenAt,
      widgetSeenOrigin: row.widgetSeenOrigin,
    },
    done,
    isComplete: count === ONBOARDING_STEPS.length,
  };
}

export type TOnboarding = Awaited<ReturnType<typeof getOnboarding>>;
