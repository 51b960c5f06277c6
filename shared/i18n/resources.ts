import de from '../../locales/de/index';
import en from '../../locales/en/index';
import es from '../../locales/es/index';
import fr from '../../locales/fr/index';
import type { TAppLanguage } from '../languages';
import type { TResources } from './config';

/** Every language at once: for the server (pages, errors, e-mails). The browser loads only its own. */
export const resources: Record<TAppLanguage, TResources> = { en, de, fr, es };
