import { describe, expect, it } from 'vitest';
import { NAMESPACES } from '../../shared/i18n/config';
import { resources } from '../../shared/i18n/resources';
import { LANGUAGES } from '../../shared/i18n/config';
import { keysInCode, sourceFiles } from './texts';

type TTree = { [key: string]: string | TTree };

const flatten = (tree: TTree, prefix: string, into = new Map<string, string>()) => {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') into.set(`${prefix}${key}`, value);
    else flatten(value, `${prefix}${key}.`, into);
  }
  return into;
};

const textsOf = (language: (typeof LANGUAGES)[number]) => {
  const texts = new Map<string, string>();
  for (const ns of NAMESPACES) flatten(resources[language][ns] as TTree, `${ns}:`, texts);
  return texts;
};

const PLURAL = /_(zero|one|two|few|many|other)$/;
/** A plural key's base (`inbox:unread_one` → `inbox:unread`), else the key. */
const baseOf = (key: string) => key.replace(PLURAL, '');
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*([\w.]+)/g)].map((m) => m[1]).sort();

const english = textsOf('en');
const englishBases = new Set([...english.keys()].map(baseOf));

describe('translations', () => {
  for (const language of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${language} has every key English has, and no other`, () => {
      const texts = textsOf(language);
      const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
      const expected = new Set<string>();
      for (const key of english.keys()) {
        // A plural needs every form the language has (French and Spanish have "many" as well).
        if (PLURAL.test(key)) for (const category of categories) expected.add(`${baseOf(key)}_${category}`);
        else expected.add(key);
      }
      const missing = [...expected].filter((key) => !texts.get(key)?.trim());
      // "many" forms English lacks are welcome; any other extra key is a leftover.
      const extra = [...texts.keys()].filter((key) => !expected.has(key));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
    });

    it(`${language} keeps the placeholders of every English text`, () => {
      const texts = textsOf(language);
      const wrong: string[] = [];
      for (const [key, text] of texts) {
        const source = english.get(key) ?? english.get(`${baseOf(key)}_other`);
        if (source === undefined) continue;
        const want = placeholders(source).filter((name) => name !== 'count');
        const have = placeholders(text).filter((name) => name !== 'count');
        if (want.join() !== have.join()) wrong.push(`${key}: ${have.join() || '-'} instead of ${want.join() || '-'}`);
      }
      expect(wrong).toEqual([]);
    });
  }

  const { whole, prefixes } = keysInCode(sourceFiles(['app', 'server', 'shared', 'widget/src']));

  it('every key the code uses exists', () => {
    const unknown = [...whole].filter((key) => !englishBases.has(key) && !english.has(key));
    expect(unknown).toEqual([]);
  });

  it('every key is used by the code', () => {
    const unused = [...englishBases].filter(
      (key) => !whole.has(key) && ![...prefixes].some((prefix) => key.startsWith(prefix)),
    );
    expect(unused).toEqual([]);
  });
});
