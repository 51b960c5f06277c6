import { z } from 'zod';

const ZDay = z
  .string({ error: 'analytics:validation.date' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'analytics:validation.dateFormat' });

/** What every analytics view and export is cut by. Dates are whole UTC days, `to` included. */
export const ZAnalyticsFilters = z
  .object({
    from: ZDay,
    to: ZDay,
    chatbotId: z.uuid({ error: 'analytics:validation.chatbot' }).nullish(),
    origin: z.string().max(300, { error: 'analytics:validation.websiteTooLong' }).nullish(),
    channel: z.enum(['widget', 'api'], { error: 'analytics:validation.channel' }).nullish(),
    granularity: z.enum(['day', 'week'], { error: 'analytics:validation.granularity' }).default('day'),
  })
  .refine((f) => f.from <= f.to, { error: 'analytics:validation.rangeOrder', path: ['from'] })
  .refine((f) => daysBetween(f.from, f.to) <= 731, { error: 'analytics:validation.rangeTooLong', path: ['from'] });

export type TAnalyticsFilters = z.infer<typeof ZAnalyticsFilters>;

const DAY_MS = 86_400_000;
export const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;
export const addDays = (day: string, days: number) =>
  new Date(Date.parse(day) + days * DAY_MS).toISOString().slice(0, 10);

/** The period just before, as long as the chosen one: what the headline figures compare with. */
export function previousPeriod(filters: Pick<TAnalyticsFilters, 'from' | 'to'>) {
  const length = daysBetween(filters.from, filters.to) + 1;
  return { from: addDays(filters.from, -length), to: addDays(filters.from, -1) };
}
