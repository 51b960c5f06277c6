import { describe, expect, it } from 'vitest';
import { languageOfLocale, LANGUAGE_COOKIE, requestLanguage } from './detect';

const headers = (values: Record<string, string>) => new Headers(values);

describe('the language of a request', () => {
  it('is the account’s preference first', () => {
    expect(requestLanguage(headers({ 'accept-language': 'fr' }), 'de')).toBe('de');
  });

  it('else the switch’s cookie, over the browser', () => {
    const request = headers({ cookie: `theme=dark; ${LANGUAGE_COOKIE}=es`, 'accept-language': 'fr' });
    expect(requestLanguage(request)).toBe('es');
  });

  it('else the best match of Accept-Language, regions and weights included', () => {
    expect(requestLanguage(headers({ 'accept-language': 'de-CH,de;q=0.9,en;q=0.8' }))).toBe('de');
    expect(requestLanguage(headers({ 'accept-language': 'it-IT,it;q=0.9,fr;q=0.7,en;q=0.5' }))).toBe('fr');
    expect(requestLanguage(headers({ 'accept-language': 'es-419' }))).toBe('es');
  });

  it('else English, also for a cookie or preference Parley does not speak', () => {
    expect(requestLanguage(headers({}))).toBe('en');
    expect(requestLanguage(headers({ 'accept-language': 'ja,zh;q=0.5' }))).toBe('en');
    expect(requestLanguage(headers({ cookie: `${LANGUAGE_COOKIE}=xx` }), 'pt')).toBe('en');
  });

  it('maps a visitor’s browser locale onto the languages mails are written in', () => {
    expect(languageOfLocale('fr-CA')).toBe('fr');
    expect(languageOfLocale('pt-BR')).toBe('en');
    expect(languageOfLocale(null)).toBe('en');
  });
});
