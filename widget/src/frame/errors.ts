import type { TStrings } from './i18n';

export const errorSentence = (error: unknown, t: TStrings) => {
  const data = (error as { data?: { code?: string } } | null)?.data;
  const message = (error as { message?: string } | null)?.message;
  // Server refusals are sentences for the visitor; anything else is ours to word.
  return data?.code && data.code !== 'INTERNAL_SERVER_ERROR' && message ? message : t.error;
};
