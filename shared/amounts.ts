/** The sizes a usage figure is read in, each with its words ("1.5 GB", "40 bytes", "12,000"). */
export const AMOUNT_KEYS = {
  count: 'dashboard:usage.amounts.count',
  bytes: 'dashboard:usage.amounts.bytes',
  KB: 'dashboard:usage.amounts.KB',
  MB: 'dashboard:usage.amounts.MB',
  GB: 'dashboard:usage.amounts.GB',
  TB: 'dashboard:usage.amounts.TB',
} as const;
const SIZES = ['bytes', 'KB', 'MB', 'GB', 'TB'] as const;

/**
 * A usage figure as a key and its values: bytes scaled to the largest size
 * under 1024 with one decimal at most (`{ amount: 1.5, size: 'GB' }`),
 * counts as they are. The server (e-mails, banners) and the Usage page both
 * word it through AMOUNT_KEYS.
 */
export function amountOf(unit: 'count' | 'bytes', value: number): { amount: number; size: keyof typeof AMOUNT_KEYS } {
  if (unit !== 'bytes') return { amount: value, size: 'count' };
  let [amount, size] = [value, 0];
  while (amount >= 1024 && size < SIZES.length - 1) [amount, size] = [amount / 1024, size + 1];
  return { amount: size ? Math.round(amount * 10) / 10 : amount, size: SIZES[size]! };
}
