import { Link } from '@remix-run/react';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TOnboarding, TOnboardingStep } from '../../server/services/workspaces/onboarding';
import { useTRPC } from '~/lib/trpc';

type TStepView = { title: string; text: string; to: string; action: string };

/** Draft is the word people see on a new chatbot; the checklist is where it is explained (a translation key). */
export const DRAFT_EXPLAINED = 'dashboard:onboarding.live.text';

// Each step's title, explanation and link, as translation keys.
const stepsFor = (chatbot: TOnboarding['chatbot']): Record<TOnboardingStep, TStepView> => {
  const base = chatbot ? `/app/chatbots/${chatbot.id}` : null;
  return {
    knowledge: {
      title: 'dashboard:onboarding.knowledge.title',
      text: 'dashboard:onboarding.knowledge.text',
      to: base ?? '/app/chatbots/new',
      action: base ? 'dashboard:onboarding.knowledge.action' : 'dashboard:onboarding.createChatbot',
    },
    tried: {
      title: 'dashboard:onboarding.tried.title',
      text: 'dashboard:onboarding.tried.text',
      to: base ? `${base}/playground` : '/app/chatbots/new',
      action: 'dashboard:onboarding.tried.action',
    },
    website: {
      title: 'dashboard:onboarding.website.title',
      text: 'dashboard:onboarding.website.text',
      to: base ? `${base}/settings#websites` : '/app/chatbots/new',
      action: 'dashboard:onboarding.website.action',
    },
    live: {
      title: 'dashboard:onboarding.live.title',
      text: DRAFT_EXPLAINED,
      to: base ? `${base}/settings#status` : '/app/chatbots/new',
      action: 'dashboard:onboarding.live.action',
    },
    seen: {
      title: 'dashboard:onboarding.seen.title',
      text: 'dashboard:onboarding.seen.text',
      to: base ? `${base}/widget` : '/app/chatbots/new',
      action: 'dashboard:onboarding.seen.action',
    },
  };
};

const ORDER: TOnboardingStep[] = ['knowledge', 'tried', 'website', 'live', 'seen'];
const HIDDEN_KEY = (workspaceId: string) => `parley:onboarding-hidden:${workspaceId}`;

function Tick({ isDone }: { isDone: boolean }) {
  return isDone ? (
    <span className="mt-0.5 flex size-6 shrink-0 items-center justify-center rounded-full bg-emerald-600 text-white dark:bg-emerald-500">
      <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className="size-4">
        <path
          fillRule="evenodd"
          d="M16.7 5.3a1 1 0 0 1 0 1.4l-7.5 7.5a1 1 0 0 1-1.4 0L3.3 9.7a1 1 0 1 1 1.4-1.4l3.8 3.8 6.8-6.8a1 1 0 0 1 1.4 0Z"
          clipRule="evenodd"
        />
      </svg>
    </span>
  ) : (
    <span className="mt-0.5 size-6 shrink-0 rounded-full ring-2 ring-slate-300 ring-inset dark:ring-slate-600" />
  );
}

/**
 * The path from sign-up to a bot answering on the owner's website. Every
 * tick comes from the server's data (`workspace.onboarding`), refreshed
 * while the page is open, so placing the snippet and loading the site ticks
 * the last step without a reload. Once complete it can be hidden.
 */
export function OnboardingChecklist({ workspaceId, initial }: { workspaceId: string; initial: TOnboarding }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const { data } = useQuery(
    trpc.workspace.onboarding.queryOptions(
      { workspaceId },
      { initialData: initial, refetchInterval: (query) => (query.state.data?.isComplete ? false : 10_000) },
    ),
  );
  const [isHidden, setIsHidden] = useState(false);
  useEffect(() => {
    try {
      setIsHidden(localStorage.getItem(HIDDEN_KEY(workspaceId)) === '1');
    } catch {
      // Storage blocked: the checklist simply stays.
    }
  }, [workspaceId]);
  if (isHidden && data.isComplete) return null;
  const steps = stepsFor(data.chatbot);
  const doneCount = ORDER.filter((step) => data.done[step]).length;
  const next = ORDER.find((step) => !data.done[step]);
  const hide = () => {
    setIsHidden(true);
    try {
      localStorage.setItem(HIDDEN_KEY(workspaceId), '1');
    } catch {
      // Hidden for this visit only.
    }
  };
  return (
    <section
      aria-labelledby="onboarding-heading"
      data-testid="onboarding"
      className="rounded-lg bg-white p-5 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="onboarding-heading" className="text-lg font-semibold text-slate-900 dark:text-white">
          {data.isComplete ? t('dashboard:onboarding.headingDone') : t('dashboard:onboarding.heading')}
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
          {t('dashboard:onboarding.progress', { count: doneCount, total: ORDER.length })}
          {data.chatbot && <> · {data.chatbot.name}</>}
        </p>
      </div>
      <div
        className="mt-3 h-1.5 overflow-hidden rounded-full bg-slate-100 dark:bg-slate-800"
        role="progressbar"
        aria-label={t('dashboard:onboarding.progressLabel')}
        aria-valuemin={0}
        aria-valuemax={ORDER.length}
        aria-valuenow={doneCount}
      >
        <div
          className="h-full bg-emerald-600 dark:bg-emerald-500"
          style={{ width: `${(doneCount / ORDER.length) * 100}%` }}
        />
      </div>
      <ol className="mt-4 space-y-3">
        {ORDER.map((step) => {
          const view = steps[step];
          const isDone = data.done[step];
          const seenOn = step === 'seen' && isDone ? data.chatbot?.widgetSeenOrigin : null;
          return (
            <li key={step} data-step={step} data-done={isDone} className="flex gap-3">
              <Tick isDone={isDone} />
              <div className="min-w-0 flex-1">
                <p
                  className={`text-sm font-medium ${isDone ? 'text-slate-600 dark:text-slate-400' : 'text-slate-900 dark:text-white'}`}
                >
                  {t(view.title)}
                  <span className="sr-only">
                    {' '}
                    {isDone ? t('dashboard:onboarding.done') : t('dashboard:onboarding.toDo')}
                  </span>
                </p>
                {seenOn ? (
                  <p className="text-sm break-words text-slate-600 dark:text-slate-400">
                    {t('dashboard:onboarding.seen.firstLoaded', { origin: seenOn })}
                  </p>
                ) : (
                  !isDone && <p className="text-sm text-slate-600 dark:text-slate-400">{t(view.text)}</p>
                )}
                {!isDone && (
                  <Link
                    to={view.to}
                    className={`mt-1 inline-block text-sm font-medium hover:underline ${
                      step === next ? 'text-brand-700 dark:text-brand-300' : 'text-slate-700 dark:text-slate-300'
                    }`}
                  >
                    {t(view.action)} →
                  </Link>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {data.isComplete && (
        <button
          type="button"
          onClick={hide}
          className="mt-4 text-sm font-medium text-slate-600 hover:underline dark:text-slate-400"
        >
          {t('dashboard:onboarding.hide')}
        </button>
      )}
    </section>
  );
}
