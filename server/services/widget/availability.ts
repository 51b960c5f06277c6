import { sql } from 'drizzle-orm';
import { botSays } from '../answering/bot-language';
import type { TAppLanguage } from '../../../shared/languages';
import type { Database } from '../../../db/client';

/** How far back the team's reply times are looked at. */
const WINDOW_DAYS = 30;

/**
 * The team's typical wait, in minutes: the median time from a visitor
 * asking for a person to the first reply of a member, over this chatbot's
 * last 30 days; null when there is no such history to go by.
 */
export async function typicalReplyMinutes(database: Database, chatbotId: string): Promise<number | null> {
  const [row] = await database.rows<{ minutes: number | null }>(sql`
    select percentile_cont(0.5) within group (order by extract(epoch from (first_reply.at - c.handoff_requested_at)) / 60) as minutes
    from conversations c
    cross join lateral (
      select min(m.created_at) as at from messages m
      where m.conversation_id = c.id and m.role = 'operator' and m.created_at >= c.handoff_requested_at
    ) first_reply
    where c.chatbot_id = ${chatbotId}
      and c.handoff_requested_at > now() - ${`${WINDOW_DAYS} days`}::interval
      and first_reply.at is not null`);
  const minutes = row?.minutes;
  return minutes === null || minutes === undefined ? null : Number(minutes);
}

/** "within a few minutes" … "within a few days", rounded up to what a visitor can plan with. */
const replyWithin = (minutes: number) =>
  minutes <= 10
    ? 'bot:handoff.away.minutes'
    : minutes <= 60
      ? 'bot:handoff.away.hour'
      : minutes <= 6 * 60
        ? 'bot:handoff.away.hours'
        : minutes <= 24 * 60
          ? 'bot:handoff.away.day'
          : 'bot:handoff.away.days';

/** The honest answer when a visitor asks for a person and nobody on the team is online, in their language. */
export const awayMessage = (minutes: number | null, language: TAppLanguage) =>
  botSays(language, minutes === null ? 'bot:handoff.awayUnknown' : replyWithin(minutes));
