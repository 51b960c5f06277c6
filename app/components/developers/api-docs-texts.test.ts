import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import de from '../../../locales/de/developers.json';
import en from '../../../locales/en/developers.json';
import es from '../../../locales/es/developers.json';
import fr from '../../../locales/fr/developers.json';

/**
 * The web app's API reference (app.api-docs.tsx) shows docs/api.md one
 * section per translation key. English is the document itself, so the two
 * cannot drift apart; a translation changes the words around the code, never
 * a code sample.
 */
const apiDocs = readFileSync(new URL('../../../docs/api.md', import.meta.url), 'utf8');
const FENCED = /^```[^\n]*\n[\s\S]*?^```$/gm;
const codeOf = (sections: Record<string, string>) =>
  Object.fromEntries(Object.entries(sections).map(([name, text]) => [name, text.match(FENCED) ?? []]));

describe('the in-app API reference', () => {
  it('is docs/api.md, section by section, in English', () => {
    expect(`${Object.values(en.apiDocs.reference).join('\n\n')}\n`).toBe(apiDocs);
  });

  for (const [language, texts] of Object.entries({ de, fr, es })) {
    it(`keeps every code sample in ${language}, in the same sections`, () => {
      expect(Object.keys(texts.apiDocs.reference)).toEqual(Object.keys(en.apiDocs.reference));
      expect(codeOf(texts.apiDocs.reference)).toEqual(codeOf(en.apiDocs.reference));
    });
  }
});
