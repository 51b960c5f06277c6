/**
 * How an answer cites the passages it was given: `[S1]` or `[S1, S2]` (the
 * prompt asks for this form). The server resolves the markers to sources;
 * the web app and the widget turn them into links to those sources.
 */
export const CITATION_MARKER = /\[(S\d+(?:\s*,\s*S\d+)*)\]/g;

/** `"S1, S2"` (a marker's inside) → `['S1', 'S2']`. */
export const refsIn = (list: string) => list.split(',').map((ref) => ref.trim());
