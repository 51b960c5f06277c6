import type { MetaFunction } from '@remix-run/node';
import type { ReactNode } from 'react';
import { LogoMark } from '~/components/logo';
import { CopyButton } from '~/components/copy-button';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';

const TITLE = 'Parley · Self-hosted AI chat assistants for your website';
const DESCRIPTION =
  'Parley puts an AI assistant on your website that answers from your own knowledge, cites its sources, admits when it does not know, and lets your team take over live. Self-hosted; runs on a laptop with nothing but Node.';

export const meta: MetaFunction = () => [
  { title: TITLE },
  { name: 'description', content: DESCRIPTION },
  { property: 'og:title', content: TITLE },
  { property: 'og:description', content: DESCRIPTION },
  { property: 'og:type', content: 'website' },
];

const RUN_COMMAND = 'npm install && npm start';

type Step = { title: string; body: string };

const STEPS: Step[] = [
  {
    title: 'Create a chatbot',
    body: 'Name it and start from a template (support agent, sales assistant, FAQ, product expert), then set its persona, greeting and when to offer a human.',
  },
  {
    title: 'Feed it your knowledge',
    body: 'Paste text or Markdown, upload txt, md, html or pdf files, point it at a page or a sitemap, or write question and answer pairs.',
  },
  {
    title: 'Style the widget',
    body: 'Colours, position, launcher, corner radius and font, in light or dark, so it looks like part of your site. Try it in the playground first.',
  },
  {
    title: 'Paste one script tag',
    body: 'Add a single async script to your pages. It never blocks or breaks them, and only the websites you allow can embed your chatbot.',
  },
  {
    title: 'Watch and take over live',
    body: 'Conversations stream into your inbox as they happen. Step in, reply as a person, and hand the conversation back to the bot when you are done.',
  },
];

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
    title: 'Grounded answers with sources',
    body: 'Every answer is built from your own content, found by combining meaning-based and keyword search, and cites the passages it used so visitors can check.',
    icon: (
      <svg {...iconProps}>
        <path d="M4 5.5A1.5 1.5 0 0 1 5.5 4H11v16H5.5A1.5 1.5 0 0 1 4 18.5v-13ZM13 4h5.5A1.5 1.5 0 0 1 20 5.5v13a1.5 1.5 0 0 1-1.5 1.5H13V4Z" />
        <path d="M7 8h1.5M7 11h1.5M16 8h1.5M16 11h1.5" />
      </svg>
    ),
  },
  {
    title: 'An honest “I don’t know”',
    body: 'When your knowledge does not cover a question, Parley says so instead of guessing and offers a person. Those questions are grouped as knowledge gaps; one click turns a gap into a new answer.',
    icon: (
      <svg {...iconProps}>
        <circle cx="12" cy="12" r="8.5" />
        <path d="M9.6 9.4a2.5 2.5 0 1 1 3.4 2.3c-.6.3-1 .8-1 1.5v.3M12 16.6v.1" />
      </svg>
    ),
  },
  {
    title: 'Live inbox and human handoff',
    body: 'See conversations update in real time, with typing indicators and who else is looking. Take over, reply, assign, resolve, and hand back to the bot.',
    icon: (
      <svg {...iconProps}>
        <path d="M4 13.5V6.5A2.5 2.5 0 0 1 6.5 4h11A2.5 2.5 0 0 1 20 6.5v7a2.5 2.5 0 0 1-2.5 2.5H10l-4 3.5V16h0A2 2 0 0 1 4 13.5Z" />
        <circle cx="15.5" cy="9.5" r="1.5" />
        <path d="M13 13.2c.5-.9 1.4-1.4 2.5-1.4s2 .5 2.5 1.4" />
      </svg>
    ),
  },
  {
    title: 'A tiny widget',
    body: 'A small loader script opens the chat in its own frame, so your page stays fast and unaffected. Keyboard and screen reader friendly, full screen on phones, in your visitors’ language.',
    icon: (
      <svg {...iconProps}>
        <rect x="3.5" y="4" width="17" height="13" rx="2" />
        <path d="M8 20h8" />
        <circle cx="16.5" cy="13.5" r="1.6" />
      </svg>
    ),
  },
  {
    title: 'Typed API and signed webhooks',
    body: 'Drive chatbots, knowledge, conversations and the inbox from your own code with a scoped workspace API key: the typed tRPC procedures the web app uses, or REST with an OpenAPI document. Events arrive as signed, retried webhooks, ready for n8n.',
    icon: (
      <svg {...iconProps}>
        <path d="m8.5 8-4 4 4 4M15.5 8l4 4-4 4M13.5 5.5l-3 13" />
      </svg>
    ),
  },
  {
    title: 'Yours to host',
    body: 'Data stays on your machine: embedded PGlite out of the box, or Postgres with pgvector when you grow. Answer in offline mode with no AI account at all, or connect Gemini.',
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
            <p className="text-sm font-semibold">Acme Help</p>
            <p className="text-xs text-white">Answers from the Acme docs</p>
          </div>
        </div>
        <div className="space-y-4 px-4 py-5 text-sm">
          <p className="ml-auto w-fit max-w-[85%] rounded-2xl rounded-br-md bg-brand-600 px-3.5 py-2.5 text-white dark:bg-brand-500 dark:text-slate-950">
            Can I return shoes I’ve already worn outside?
          </p>
          <div className="max-w-[90%] space-y-2">
            <p className="rounded-2xl rounded-bl-md bg-slate-100 px-3.5 py-2.5 text-slate-800 dark:bg-slate-800 dark:text-slate-100">
              Worn shoes can be returned within 30 days if they show no visible wear on the soles. Start a return from
              your order page and print the free label.
            </p>
            <p className="flex flex-wrap items-center gap-1.5 text-xs text-slate-600 dark:text-slate-400">
              <span>Source:</span>
              <span className="rounded-full border border-slate-200 bg-white px-2 py-0.5 font-medium text-slate-700 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200">
                Returns policy § 2
              </span>
            </p>
          </div>
          <p className="ml-auto w-fit max-w-[85%] rounded-2xl rounded-br-md bg-brand-600 px-3.5 py-2.5 text-white dark:bg-brand-500 dark:text-slate-950">
            And for a pair bought in a store?
          </p>
          <div className="flex items-center gap-2 rounded-xl border border-dashed border-slate-300 px-3 py-2 text-xs text-slate-600 dark:border-slate-600 dark:text-slate-300">
            <span className="inline-block size-2 rounded-full bg-emerald-500" aria-hidden="true" />
            Sam from support joined the conversation
          </div>
        </div>
      </div>
      <figcaption className="sr-only">
        An example conversation in the Parley widget: the assistant answers with a cited source, then a person from the
        support team joins.
      </figcaption>
    </figure>
  );
}

export default function Index() {
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
              Self-hosted AI chat for websites
            </p>
            <h1
              id="hero-title"
              className="mt-6 text-4xl font-bold tracking-tight text-balance text-slate-900 sm:text-5xl lg:text-[3.5rem] lg:leading-[1.1] dark:text-white"
            >
              An AI assistant for your website that answers from{' '}
              <span className="text-brand-700 dark:text-brand-300">your own knowledge</span>
            </h1>
            <p className="mt-6 max-w-xl text-lg leading-8 text-pretty text-slate-600 dark:text-slate-300">
              Parley answers your visitors’ questions from your docs, pages and FAQs, and shows the sources it used.
              When a conversation needs a person, your team sees it live and takes over. You run it yourself, on
              anything from a laptop with nothing but Node to your own servers, so your data stays with you.
            </p>
            <div className="mt-8 flex flex-wrap gap-3">
              <a href="#run-it" className={buttonPrimary}>
                Run it yourself
              </a>
              <a href="#how-it-works" className={buttonSecondary}>
                See how it works
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
            eyebrow="How it works"
            title="From your content to a live assistant in five steps"
          >
            No training runs and no prompt engineering degree. Parley reads what you give it and answers from that.
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
                <h3 className="mt-4 font-semibold text-slate-900 dark:text-white">{step.title}</h3>
                <p className="mt-2 text-sm leading-6 text-slate-600 dark:text-slate-400">{step.body}</p>
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
          <SectionHeading
            id="features"
            eyebrow="Features"
            title="Everything a support team expects, on your own server"
          >
            Built for site owners, agencies and support teams who want helpful answers without handing their knowledge
            to someone else’s cloud.
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
                <h3 className="mt-4 font-semibold text-slate-900 dark:text-white">{feature.title}</h3>
                <p className="mt-2 text-sm leading-6 text-slate-600 dark:text-slate-400">{feature.body}</p>
              </li>
            ))}
          </ul>
        </div>
      </section>

      <section aria-labelledby="run-it" className="border-t border-slate-200 py-20 sm:py-24 dark:border-slate-800">
        <div className="mx-auto grid max-w-6xl gap-12 px-4 sm:px-6 lg:grid-cols-2 lg:items-center lg:px-8">
          <SectionHeading id="run-it" eyebrow="Run it" title="One command, no accounts, no cloud">
            With Node 20 or newer, run this in the Parley folder, then open the address it prints.
          </SectionHeading>
          <div>
            <div className="overflow-hidden rounded-xl border border-slate-800 bg-slate-950 shadow-lg dark:border-slate-700">
              <div className="flex items-center justify-between border-b border-slate-800 px-4 py-2">
                <span className="text-xs font-medium text-slate-400">Terminal</span>
                <CopyButton text={RUN_COMMAND} label="Copy command" />
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
                <strong className="font-semibold text-slate-900 dark:text-white">Nothing else to install.</strong> Data
                lives in a local folder with PGlite, Postgres compiled to WebAssembly, vector search included.
              </li>
              <li>
                <strong className="font-semibold text-slate-900 dark:text-white">Works offline.</strong> Without an AI
                key, Parley answers with the best-matching passages from your knowledge and says that it is in offline
                mode.
              </li>
              <li>
                <strong className="font-semibold text-slate-900 dark:text-white">Grows with you.</strong> Set{' '}
                <code className="font-mono text-[0.9em]">DATABASE_URL</code> for Postgres with pgvector,{' '}
                <code className="font-mono text-[0.9em]">GEMINI_API_KEY</code> for Gemini and{' '}
                <code className="font-mono text-[0.9em]">SMTP_URL</code> for real e-mail. Same code, same migrations.
              </li>
            </ul>
          </div>
        </div>
      </section>
    </>
  );
}
