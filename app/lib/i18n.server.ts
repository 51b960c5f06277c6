import type { AppLoadContext, EntryContext } from '@remix-run/node';
import { requestLanguage } from '../../shared/i18n/detect';
import { serverI18n } from '../../shared/i18n/server';
import { isAppLanguage, type TAppLanguage } from '../../shared/languages';
import { registerMetaI18n } from './meta';

registerMetaI18n(serverI18n);

/** The language root's loader chose for this page (it knows the account), else the request's. */
export function pageLanguage(request: Request, remixContext: EntryContext): TAppLanguage {
  const root = remixContext.staticHandlerContext.loaderData?.root as { locale?: string } | undefined;
  return root?.locale && isAppLanguage(root.locale) ? root.locale : requestLanguage(request.headers);
}

/** An instance for one page render, sharing the server's texts (no copy per request). */
export const pageI18n = (language: TAppLanguage) => serverI18n.cloneInstance({ lng: language });

/**
 * A translator for a loader or action: for the messages it returns to the
 * page (`const t = requestT(context); return { error: t('<namespace>:<key>') }`).
 */
export const requestT = (context: Pick<AppLoadContext, 'locale'>) => serverI18n.getFixedT(context.locale);
