/** Line icons (24×24, stroked): drawn, not font glyphs, so they show on every system. */
const ICONS = {
  end: 'M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4M16 17l5-5-5-5M21 12H9',
  minimise: 'M6 9l6 6 6-6',
  send: 'M4 12l16-8-6 16-2-7z',
  copy: 'M9 9h11v11H9zM5 15H4V4h11v1',
  check: 'M20 6L9 17l-5-5',
  up: 'M7 11v10H4V11zM7 11l4-8a3 3 0 0 1 3 3v4h5.5a2 2 0 0 1 2 2.3l-1.3 7a2 2 0 0 1-2 1.7H7',
  down: 'M17 13V3h3v10zM17 13l-4 8a3 3 0 0 1-3-3v-4H4.5a2 2 0 0 1-2-2.3l1.3-7a2 2 0 0 1 2-1.7H17',
  close: 'M6 6l12 12M18 6L6 18',
  more: 'M4 12a1 1 0 1 0 2 0a1 1 0 1 0-2 0M11 12a1 1 0 1 0 2 0a1 1 0 1 0-2 0M18 12a1 1 0 1 0 2 0a1 1 0 1 0-2 0',
} as const;

export const Icon = ({ name }: { name: keyof typeof ICONS }) => (
  <svg class="i" viewBox="0 0 24 24" aria-hidden="true">
    <path d={ICONS[name]} />
  </svg>
);
