const number = new Intl.NumberFormat('en');

/** A usage figure as people read it: "1.5 GB" for bytes, "12,000" otherwise (a fixed locale, for hydration). */
export function formatAmount(row: { unit: 'count' | 'bytes' }, value: number) {
  if (row.unit !== 'bytes') return number.format(value);
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let scaled = value;
  let unit = 0;
  while (scaled >= 1024 && unit < units.length - 1) [scaled, unit] = [scaled / 1024, unit + 1];
  return `${unit ? scaled.toFixed(1).replace(/\.0$/, '') : scaled} ${units[unit]}`;
}
