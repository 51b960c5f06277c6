// The Analytics page's filters as URL search parameters: the page, its charts' CSV links and the
// export route read them the same way, so a link always downloads what the page shows.

/** The periods the page offers; `label` is a translation key. */
export const PRESETS = [
  { value: '7', label: 'analytics:presets.last7' },
  { value: '30', label: 'analytics:presets.last30' },
  { value: '90', label: 'analytics:presets.last90' },
  { value: '365', label: 'analytics:presets.last365' },
  { value: 'custom', label: 'analytics:presets.custom' },
] as const;

export type TAnalyticsParams = {
  range: string;
  from: string;
  to: string;
  chatbotId: string | null;
  origin: string | null;
  channel: 'widget' | 'api' | null;
  granularity: 'day' | 'week';
};

const DAY_MS = 86_400_000;
const isDay = (value: string | null): value is string => !!value && /^\d{4}-\d{2}-\d{2}$/.test(value);
export const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

/** Reads the filters from a URL's search parameters (unknown values fall back to the last 30 days). */
export function readAnalyticsParams(search: URLSearchParams, now = Date.now()): TAnalyticsParams {
  const preset = PRESETS.find((p) => p.value === search.get('range'))?.value ?? '30';
  const custom = preset === 'custom' && isDay(search.get('from')) && isDay(search.get('to'));
  const days = preset === 'custom' ? 30 : Number(preset);
  const from = custom ? search.get('from')! : isoDay(now - (days - 1) * DAY_MS);
  const to = custom ? search.get('to')! : isoDay(now);
  const channel = search.get('channel');
  return {
    range: custom ? 'custom' : preset === 'custom' ? '30' : preset,
    from: from <= to ? from : to,
    to,
    chatbotId: search.get('chatbot') || null,
    origin: search.get('origin') || null,
    channel: channel === 'widget' || channel === 'api' ? channel : null,
    granularity: search.get('by') === 'week' ? 'week' : 'day',
  };
}

/** The search parameters that give these filters back. */
export function analyticsSearch(params: TAnalyticsParams, extra: Record<string, string> = {}) {
  const search = new URLSearchParams({ range: params.range, ...extra });
  if (params.range === 'custom') {
    search.set('from', params.from);
    search.set('to', params.to);
  }
  if (params.chatbotId) search.set('chatbot', params.chatbotId);
  if (params.origin) search.set('origin', params.origin);
  if (params.channel) search.set('channel', params.channel);
  if (params.granularity === 'week') search.set('by', 'week');
  return search.toString();
}

/** The procedure input for these filters. */
export const analyticsInput = (workspaceId: string, p: TAnalyticsParams) => ({
  workspaceId,
  from: p.from,
  to: p.to,
  chatbotId: p.chatbotId,
  origin: p.origin,
  channel: p.channel,
  granularity: p.granularity,
});
