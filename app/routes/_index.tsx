import type { MetaFunction } from '@remix-run/node';
import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { LogoMark } from '~/components/logo';
import { CopyButton } from '~/components/copy-button';
import { metaT } from '~/lib/meta';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';

export const meta: MetaFunction = ({ matches }) => {
  const title = metaT(matches, 'landing:meta.title');
  const description = metaT(matches, 'landing:meta.description');
  return [
    { title },
    { name: 'description', content: description },
    { property: 'og:title', content: title },
    { property: 'og:description', content: description },
    { property: 'og:type', content: 'website' },
  ];
};

const RUN_COMMAND = 'npm install && npm start';

/** Translation keys. */
type Step = { title: string; body: string };

const STEPS: Step[] = [
  { title: 'landing:steps.create.title', body: 'landing:steps.create.body' },
  { title: 'landing:steps.feed.title', body: 'landing:steps.feed.body' },
  { title: 'landing:steps.style.title', body: 'landing:steps.style.body' },
  { title: 'landing:steps.embed.title', body: 'landing:steps.embed.body' },
  { title: 'landing:steps.watch.title', body: 'landing:steps.watch.body' },
];

/** `title` and `body` are translation keys. */
type Feature = { title: string; body: string; icon: ReactNode };

const iconProps = {
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 1.7,
  strokeLinecap: 'round' as const,
  strokeLinejoin: 'round' as const,
  'aria-hidden': true,
  className: 'size-5',
};

const FEATURES: Feature[] = [
  {
    title: 'landing:features.grounded.title',
    body: 'landing:features.grounded.body',
    icon: (
      <svg {...iconProps}>
        <path d="M4 5.5A1.5 1.5 0 0 1 5.5 4H11v16H5.5A1.5 1.5 0 0 1 4 18.5v-13ZM13 4h5.5A1.5 1.5 0 0 1 20 5.5v13a1.5 1.5 0 0 1-1.5 1.5H13V4Z" />
        <path d="M7 8h1.5M7 11h1.5M16 8h1.5M16 11h1.5" />
      </svg>
    ),
  },
  {
    title: 'landing:features.honest.title',
    body: 'landing:features.honest.body',
    icon: (
      <svg {...iconProps}>
        <circle cx="12" cy="12" r="8.5" />
        <path d="M9.6 9.4a2.5 2.5 0 1 1 3.4 2.3c-.6.3-1 .8-1 1.5v.3M12 16.6v.1" />
      </svg>
    ),
  },
  {
    title: 'landing:features.inbox.title',
    body: 'landing:features.inbox.body',
    icon: (
      <svg {...iconProps}>
        <path d="M4 13.5V6.5A2.5 2.5 0 0 1 6.5 4h11A2.5 2.5 0 0 1 20 6.5v7a2.5 2.5 0 0 1-2.5 2.5H10l-4 3.5V16h0A2 2 0 0 1 4 13.5Z" />
        <circle cx="15.5" cy="9.5" r="1.5" />
        <path d="M13 13.2c.5-.9 1.4-1.4 2.5-1.4s2 .5 2.5 1.4" />
      </svg>
    ),
  },
  {
    title: 'landing:features.widget.title',
    body: 'landing:features.widget.body',
    icon: (
      <svg {...iconProps}>
        <rect x="3.5" y="4" width="17" height="13" rx="2" />
        <path d="M8 20h8" />
        <circle cx="16.5" cy="13.5" r="1.6" />
      </svg>
    ),
  },
  {
    title: 'landing:features.api.title',
    body: 'landing:features.api.body',
    icon: (
      <svg {...iconProps}>
        <path d="m8.5 8-4 4 4 4M15.5 8l4 4-4 4M13.5 5.5l-3 13" />
      </svg>
    ),
  },
  {
    title: 'landing:features.host.title',
    body: 'landing:features.host.body',
    icon: (
      <svg {...iconProps}>
        <ellipse cx="12" cy="6" rx="7" ry="2.5" />
        <path d="M5 6v6c0 1.4 3.1 2.5 7 2.5s7-1.1 7-2.5V6M5 12v6c0 1.4 3.1 2.5 7 2.5s7-1.1 7-2.5v-6" />
      </svg>
    ),
  },
];

function SectionHeading({
  id,
  eyebrow,
  title,
  children,
}: {
  id: string;
  eyebrow: string;
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className="max-w-2xl">
      <p className="text-sm font-semibold tracking-wide text-brand-700 uppercase dark:text-brand-300">{eyebrow}</p>
      <h2 id={id} className="mt-2 text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl dark:text-white">
        {title}
      </h2>
      {children && <p className="mt-4 text-lg leading-8 text-slate-600 dark:text-slate-300">{children}</p>}
    </div>
  );
}

/** A still picture of the widget, built from markup so it stays crisp and follows the theme. */
function ChatPreview() {
  const { t } = useTranslation();
  return (
    <figure className="relative mx-auto w-full max-w-md lg:mx-0">
      <div
        aria-hidden="true"
        className="absolute -inset-6 -z-10 rounded-[2rem] bg-gradient-to-br from-brand-200/70 via-sky-100/60 to-transparent blur-2xl dark:from-brand-700/30 dark:via-sky-900/20"
      />
      <div className="overflow-hidden rounded-2xl border border-slate-200 bg-white shadow-xl shadow-slate-900/5 dark:border-slate-700 dark:bg-slate-900 dark:shadow-black/30">
        <div className="flex items-center gap-3 border-b border-slate-200 bg-brand-600 px-4 py-3 text-white dark:border-slate-700 dark:bg-brand-800">
          <span className="flex size-8 items-center justify-center rounded-full bg-white/15">
            <LogoMark className="size-5 [&_path]:fill-white/90 [&_circle]:fill-brand-700" />
          </span>
          <div>
            <p className="text-sm font-semibold">{t('landing:preview.botName')}</p>
            <p className="text-xs text-white">{t('landing:preview.botTagline')}</p>
          </div>
        </div>
        <div className="space-y-4 px-4 py-5 text-sm">
          <p className="ml-auto w-fit max-w-[85%] rounded-2xl rounded-br-md bg-brand-600 px-3.5 py-2.5 text-white dark:bg-brand-500 dark:text-slate-950">
            {t('landing:preview.question')}
          </p>
          <div className="max-w-[90%] space-y-2">
            <p className="rounded-2xl rounded-bl-md bg-slate-100 px-3.5 py-2.5 text-slate-800 dark:bg-slate-800 dark:text-slate-100">
              {t('landing:preview.answer')}
            </p>
            <p className="flex flex-wrap items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
              <span>{t('landing:preview.source')}</span>
              <span className="rounded-full border border-slate-200 bg-white px-2 py-0.5 font-medium text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200">
                {t('landing:preview.sourceName')}
              </span>
            </p>
          </div>
          <p className="ml-auto w-fit max-w-[85%] rounded-2xl rounded-br-md bg-brand-600 px-3.5 py-2.5 text-white dark:bg-brand-500 dark:text-slate-950">
            {t('landing:preview.followUp')}
          </p>
          <div className="flex items-center gap-2 rounded-xl border border-dashed border-slate-300 px-3 py-2 text-xs text-slate-600 dark:border-slate-600 dark:text-slate-300">
            <span className="inline-block size-2 rounded-full bg-emerald-500" aria-hidden="true" />
            {t('landing:preview.joined')}
          </div>
        </div>
      </div>
      <figcaption className="sr-only">{t('landing:preview.caption')}</figcaption>
    </figure>
  );
}

const strong = <strong className="font-semibold text-slate-900 dark:text-white" />;
const code = <code className="font-mono text-[0.9em]" />;

export default function Index() {
  const { t } = useTranslation();
  return (
    <>
      <section aria-labelledby="hero-title" className="relative overflow-hidden">
        <div
          aria-hidden="true"
          className="pointer-events-none absolute inset-x-0 top-0 -z-10 h-[36rem] bg-gradient-to-b from-brand-50 to-transparent dark:from-brand-950/50"
        />
        <div className="mx-auto grid max-w-6xl items-center gap-12 px-4 pt-14 pb-20 sm:px-6 sm:pt-20 lg:grid-cols-[1.1fr_1fr] lg:gap-16 lg:px-8 lg:pt-24 lg:pb-28">
          <div>
            <p className="inline-flex items-center gap-2 rounded-full border border-brand-200 bg-white/70 px-3 py-1 text-sm font-medium text-brand-800 dark:border-brand-800 dark:bg-slate-900/60 dark:text-brand-200">
              {t('landing:hero.badge')}
            </p>
            <h1
              id="hero-title"
              className="mt-6 text-4xl font-bold tracking-tight text-balance text-slate-900 sm:text-5xl lg:text-[3.5rem] lg:leading-[1.1] dark:text-white"
            >
              <Trans
                i18nKey="landing:hero.title"
                components={{ highlight: <span className="text-brand-700 dark:text-brand-300" /> }}
              />
            </h1>
            <p className="mt-6 max-w-xl text-lg leading-8 text-pretty text-slate-600 dark:text-slate-300">
              {t('landing:hero.body')}
            </p>
            <div className="mt-8 flex flex-wrap gap-3">
              <a href="#run-it" className={buttonPrimary}>
                {t('landing:hero.runIt')}
              </a>
              <a href="#how-it-works" className={buttonSecondary}>
                {t('landing:hero.seeHow')}
              </a>
            </div>
          </div>
          <ChatPreview />
        </div>
      </section>

      <section
        aria-labelledby="how-it-works"
        className="border-t border-slate-200 py-20 sm:py-24 dark:border-slate-800"
      >
        <div className="mx-auto max-w-6xl px-4 sm:px-6 lg:px-8">
          <SectionHeading
            id="how-it-works"
            eyebrow={t('landing:howItWorks.eyebrow')}
            title={t('landing:howItWorks.title')}
          >
            {t('landing:howItWorks.intro')}
          </SectionHeading>
          <ol className="mt-12 grid gap-6 sm:grid-cols-2 lg:grid-cols-5">
            {STEPS.map((step, index) => (
              <li
                key={step.title}
                className="relative rounded-xl border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900"
              >
                <span
                  aria-hidden="true"
                  className="flex size-8 items-center justify-center rounded-full bg-brand-100 text-sm font-bold text-brand-800 dark:bg-brand-900 dark:text-brand-200"
                >
                  {index + 1}
                </span>
                <h3 className="mt-4 font-semibold text-slate-900 dark:text-white">{t(step.title)}</h3>
                <p className="mt-2 text-sm leading-6 text-slate-600 dark:text-slate-400">{t(step.body)}</p>
              </li>
            ))}
          </ol>
        </div>
      </section>

      <section
        aria-labelledby="features"
        className="border-t border-slate-200 bg-slate-50 py-20 sm:py-24 dark:border-slate-800 dark:bg-slate-900/40"
      >
        <div className="mx-auto max-w-6xl px-4 sm:px-6 lg:px-8">
          <SectionHeading id="features" eyebrow={t('landing:features.eyebrow')} title={t('landing:features.title')}>
            {t('landing:features.intro')}
          </SectionHeading>
          <ul className="mt-12 grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
            {FEATURES.map((feature) => (
              <li
                key={feature.title}
                className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900"
              >
                <span className="flex size-10 items-center justify-center rounded-lg bg-brand-600 text-white dark:bg-brand-400 dark:text-slate-950">
                  {feature.icon}
                </span>
                <h3 className="mt-4 font-semibold text-slate-900 dark:text-white">{t(feature.title)}</h3>
                <p className="mt-2 text-sm leading-6 text-slate-600 dark:text-slate-400">{t(feature.body)}</p>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section aria-labelledby="run-it" className="border-t border-slate-200 py-20 sm:py-24 dark:border-slate-800">
        <div className="mx-auto grid max-w-6xl gap-12 px-4 sm:px-6 lg:grid-cols-2 lg:items-center lg:px-8">
          <SectionHeading id="run-it" eyebrow={t('landing:run.eyebrow')} title={t('landing:run.title')}>
            {t('landing:run.intro')}
          </SectionHeading>
          <div>
            <div className="overflow-hidden rounded-xl border border-slate-800 bg-slate-950 shadow-lg dark:border-slate-700">
              <div className="flex items-center justify-between border-b border-slate-800 px-4 py-2">
                <span className="text-xs font-medium text-slate-400">{t('landing:run.terminal')}</span>
                <CopyButton text={RUN_COMMAND} label={t('landing:run.copy')} />
              </div>
              <pre className="overflow-x-auto px-4 py-4 font-mono text-sm text-slate-100">
                <code>
                  <span className="text-slate-600 select-none" aria-hidden="true">
                    ${' '}
                  </span>
                  {RUN_COMMAND}
                </code>
              </pre>
            </div>
            <ul className="mt-6 space-y-3 text-sm leading-6 text-slate-600 dark:text-slate-300">
              <li>
                <Trans i18nKey="landing:run.nothingElse" components={{ strong }} />
              </li>
              <li>
                <Trans i18nKey="landing:run.offline" components={{ strong }} />
              </li>
              <li>
                <Trans i18nKey="landing:run.grows" components={{ strong, code }} />
              </li>
            </ul>
          </div>
        </div>
      </section>
    </>
  );
}
