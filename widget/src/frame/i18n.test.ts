import { describe, expect, it } from 'vitest';
import { fill, pickLocale, STRINGS } from './i18n';

describe('the widget language', () => {
  it('takes the first browser language it speaks', () => {
    expect(pickLocale(['de-AT', 'en-US'])).toBe('de');
    expect(pickLocale(['fr'])).toBe('fr');
    expect(pickLocale(['ES-mx'])).toBe('es');
    expect(pickLocale(['ja-JP', 'pt-BR', 'es-ES'])).toBe('es');
    expect(pickLocale(['pt_BR', 'fr_CA'])).toBe('fr');
  });

  it('falls back to English', () => {
    expect(pickLocale(['ja', 'zh-CN'])).toBe('en');
    expect(pickLocale([])).toBe('en');
    expect(pickLocale([undefined, null, ''])).toBe('en');
  });

  it('has every string in every language', () => {
    const keys = Object.keys(STRINGS.en).sort();
    for (const strings of Object.values(STRINGS)) {
      expect(Object.keys(strings).sort()).toEqual(keys);
      for (const value of Object.values(strings)) expect(value.trim()).not.toBe('');
    }
  });

  it('fills placeholders', () => {
    expect(fill(STRINGS.de.typing, { name: 'Ana' })).toBe('Ana schreibt…');
    expect(fill('{n} of 5', { n: 4 })).toBe('4 of 5');
    expect(fill('{missing}', {})).toBe('{missing}');
  });
});
