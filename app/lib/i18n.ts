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

/**
 * Loads a language's texts (one chunk per language, ~45 KB gzipped) into the browser's instance.
 * Only that language: the key test guarantees every language has every key, so the browser never
 * needs English as a fallback.
 */
export async function loadLanguage(language: string): Promise<TAppLanguage> {
  const lng = isAppLanguage(language) ? language : 'en';
  const { default: texts } = await LOADERS[lng]();
  if (!browserI18n.isInitialized) {
    await browserI18n.init(i18nOptions(lng, { [lng]: texts }));
    return lng;
  }
  for (const [ns, bundle] of Object.entries(texts)) browserI18n.addResourceBundle(lng, ns, bundle, true, true);
  await browserI18n.changeLanguage(lng);
  return lng;
}
