import { RemixBrowser } from '@remix-run/react';
import { startTransition, StrictMode } from 'react';
import { hydrateRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { browserI18n, loadLanguage } from '~/lib/i18n';
import { registerMetaI18n } from '~/lib/meta';

registerMetaI18n(browserI18n);

// The server rendered the page in <html lang>; load that language's texts before hydrating so the
// first client render says the same words.
void loadLanguage(document.documentElement.lang).then(() => {
  startTransition(() => {
    hydrateRoot(
      document,
      <StrictMode>
        <I18nextProvider i18n={browserI18n}>
          <RemixBrowser />
        </I18nextProvider>
      </StrictMode>,
    );
  });
});
