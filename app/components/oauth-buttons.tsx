import { useTranslation } from 'react-i18next';
import { buttonSecondary } from '~/lib/styles';

const PROVIDERS = [
  { id: 'github', label: 'auth:oauth.github' },
  { id: 'google', label: 'auth:oauth.google' },
] as const;

/**
 * "Continue with …" for each provider this install has keys for, or nothing.
 * Plain links, not Remix navigation: /auth/* are server redirects to the
 * provider, outside the Remix app.
 */
export function OAuthButtons({
  enabled,
  redirectTo,
}: {
  enabled: { github: boolean; google: boolean };
  redirectTo?: string | null;
}) {
  const { t } = useTranslation();
  const offered = PROVIDERS.filter((provider) => enabled[provider.id]);
  if (offered.length === 0) return null;
  const query = redirectTo ? `?${new URLSearchParams({ redirectTo })}` : '';
  return (
    <div className="mb-6 space-y-3">
      {offered.map((provider) => (
        <a key={provider.id} href={`/auth/${provider.id}${query}`} className={`${buttonSecondary} w-full`}>
          {t(provider.label)}
        </a>
      ))}
      <p className="flex items-center gap-3 text-xs text-slate-600 dark:text-slate-400" aria-hidden="true">
        <span className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
        {t('auth:oauth.or')}
        <span className="h-px flex-1 bg-slate-200 dark:bg-slate-700" />
      </p>
    </div>
  );
}
