import i18next, { type i18n } from 'i18next';
import { i18nOptions, type TResources } from '../../shared/i18n/config';
import { isAppLanguage, type TAppLanguage } from '../../shared/languages';

/**
 * The browser's i18next instance. It holds only the languages it has needed:
 * the page's own before hydration (so the first render matches the server's,
 * with no flash), another one when the person switches.
 */
export const browserI18n: i18n = i18next.createInstance();

const LOADERS: Record<TAppLanguage, () => Promise<{ default: TResources }>> = {
  en: () => import('../../locales/en/index'),
  de: () => import('../../locales/de/index'),
  fr: () => import('../../locales/fr/index'),
  es: () => import('../../locales/es/index'),
};

/** Loads a language's texts (one chunk per language) into the browser's instance. */
export async function loadLanguage(language: string): Promise<TAppLanguage> {
  const lng = isAppLanguage(language) ? language : 'en';
  const [{ default: texts }, english] = await Promise.all([
    LOADERS[lng](),
    // English is the fallback for a key a translation lacks (the key test keeps that from happening).
    lng === 'en' || (browserI18n.isInitialized && browserI18n.hasResourceBundle('en', 'common')) ? null : LOADERS.en(),
  ]);
  if (!browserI18n.isInitialized) {
    await browserI18n.init(i18nOptions(lng, { [lng]: texts, ...(english ? { en: english.default } : {}) }));
    return lng;
  }
  for (const [ns, bundle] of Object.entries(texts)) browserI18n.addResourceBundle(lng, ns, bundle, true, true);
  if (english)
    for (const [ns, bundle] of Object.entries(english.default)) browserI18n.addResourceBundle('en', ns, bundle);
  await browserI18n.changeLanguage(lng);
  return lng;
}
