import { Form, Link, useNavigation } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { FormMessage, TextField } from '~/components/form-fields';
import { useFormat } from '~/lib/format';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';
import { TextAreaField } from './knowledge-fields';
import { StatusBadge } from './status-badge';

export type TGapStatus = 'open' | 'resolved' | 'dismissed';

export type TGapItem = {
  id: string;
  question: string;
  status: TGapStatus;
  count: number;
  firstAskedAt: Date | string;
  lastAskedAt: Date | string;
  wordings: { question: string; reason: string; askedAt: Date | string }[];
  resolvedSource: { id: string; title: string; status: string } | null;
};

/** What the gaps page's action answers, for the one gap it was about. */
export type TGapActionResult = {
  intent: string;
  gapId: string;
  ok: boolean;
  message: string | null;
  fieldErrors: Record<string, string[]>;
  values: Record<string, string>;
};

const buttonSmall = `${buttonSecondary} px-3 py-1.5`;

const REASONS: Record<string, string> = {
  low_confidence: 'knowledge:gaps.reasons.lowConfidence',
  no_answer: 'knowledge:gaps.reasons.noAnswer',
  thumbs_down: 'knowledge:gaps.reasons.thumbsDown',
};

/** The gaps of one status, most asked first (the server's order). */
export function GapList({
  gaps,
  isAdmin,
  result,
}: {
  gaps: TGapItem[];
  isAdmin: boolean;
  result: TGapActionResult | undefined;
}) {
  const { t } = useTranslation();
  return (
    <ul aria-label={t('knowledge:gaps.listLabel')} className="space-y-3">
      {gaps.map((gap) => (
        <GapCard key={gap.id} gap={gap} isAdmin={isAdmin} result={result?.gapId === gap.id ? result : undefined} />
      ))}
    </ul>
  );
}

function GapCard({ gap, isAdmin, result }: { gap: TGapItem; isAdmin: boolean; result?: TGapActionResult }) {
  const { t } = useTranslation();
  const format = useFormat();
  // UTC, so the server's render and the browser's agree whatever their time zones.
  const formatWhen = (date: Date | string) => `${format.dateAndTime(date, { timeZone: 'UTC' })} UTC`;
  const quoted = (text: string) => t('knowledge:quoted', { text });
  const reason = gap.wordings[0]?.reason;
  const navigation = useNavigation();
  const busyIntent =
    navigation.state !== 'idle' && navigation.formData?.get('gapId') === gap.id
      ? String(navigation.formData.get('intent'))
      : null;
  // A refused answer keeps its form open with what was typed.
  const [isAnswering, setAnswering] = useState(result?.intent === 'answer' && !result.ok);
  const answerButtonRef = useRef<HTMLButtonElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const previous = useRef(isAnswering);
  const failure = result && !result.ok ? result : undefined;
  const answerErrors = failure?.intent === 'answer' ? failure.fieldErrors : undefined;

  // Focus follows the form: into its answer when it opens, back to the button when it closes.
  useEffect(() => {
    if (isAnswering && !previous.current) formRef.current?.querySelector('textarea')?.focus();
    if (!isAnswering && previous.current) answerButtonRef.current?.focus();
    previous.current = isAnswering;
  }, [isAnswering]);

  const headingId = `gap-${gap.id}`;
  const others = gap.wordings.filter((w) => w.question.toLowerCase() !== gap.question.toLowerCase());
  return (
    <li
      aria-labelledby={headingId}
      className={`rounded-lg bg-white p-4 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800 ${
        busyIntent && busyIntent !== 'answer' ? 'opacity-60' : ''
      }`}
    >
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0 flex-1 space-y-1">
          <h3 id={headingId} className="font-medium break-words text-slate-900 dark:text-white">
            {gap.question}
          </h3>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            <span className="font-semibold text-slate-800 dark:text-slate-200">
              {t('knowledge:gaps.asked', { count: gap.count })}
            </span>{' '}
            · {t('knowledge:gaps.lastAsked', { when: formatWhen(gap.lastAskedAt) })}
            {reason && <> ({REASONS[reason] ? t(REASONS[reason]!) : reason})</>}
          </p>
          {others.length > 0 && (
            <div className="text-sm text-slate-700 dark:text-slate-300">
              <p className="text-slate-600 dark:text-slate-400">{t('knowledge:gaps.alsoAskedAs')}</p>
              <ul className="mt-0.5 list-inside list-disc">
                {others.map((wording) => (
                  <li key={wording.question} className="break-words">
                    {quoted(wording.question)}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {gap.status === 'resolved' && (
            <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
              {gap.resolvedSource ? (
                <>
                  <Trans
                    i18nKey="knowledge:gaps.answeredBy"
                    values={{ title: quoted(gap.resolvedSource.title) }}
                    components={{
                      // Not "link": Trans reads <link> as HTML's void element and would leave it empty.
                      pair: (
                        <Link
                          to="../faq"
                          relative="path"
                          className="font-medium text-brand-700 underline dark:text-brand-300"
                        />
                      ),
                    }}
                  />
                  <StatusBadge status={gap.resolvedSource.status} />
                </>
              ) : (
                t('knowledge:gaps.answeredByDeleted')
              )}
            </p>
          )}
          {failure && failure.intent !== 'answer' && <FormMessage message={failure.message} />}
        </div>
        {isAdmin && !isAnswering && (
          <div className="flex shrink-0 flex-wrap items-center gap-2">
            {gap.status !== 'resolved' && (
              <button
                ref={answerButtonRef}
                type="button"
                className={`${buttonPrimary} px-3 py-1.5`}
                onClick={() => setAnswering(true)}
              >
                {t('knowledge:gaps.answerThis')} <span className="sr-only">: {quoted(gap.question)}</span>
              </button>
            )}
            <Form method="post" preventScrollReset>
              <input type="hidden" name="gapId" value={gap.id} />
              {gap.status === 'open' ? (
                <span className="flex flex-wrap gap-2">
                  {/* A source edited or synced since may answer it now: try it in the playground, then mark it. */}
                  <button type="submit" name="intent" value="resolve" className={buttonSmall} disabled={!!busyIntent}>
                    {busyIntent === 'resolve' ? t('common:actions.saving') : t('knowledge:gaps.resolve')}{' '}
                    <span className="sr-only">{quoted(gap.question)}</span>
                  </button>
                  <button type="submit" name="intent" value="dismiss" className={buttonSmall} disabled={!!busyIntent}>
                    {busyIntent === 'dismiss' ? t('knowledge:gaps.dismissing') : t('knowledge:gaps.dismiss')}{' '}
                    <span className="sr-only">{quoted(gap.question)}</span>
                  </button>
                </span>
              ) : (
                <button type="submit" name="intent" value="reopen" className={buttonSmall} disabled={!!busyIntent}>
                  {busyIntent === 'reopen' ? t('knowledge:gaps.reopening') : t('knowledge:gaps.reopen')}{' '}
                  <span className="sr-only">{quoted(gap.question)}</span>
                </button>
              )}
            </Form>
          </div>
        )}
      </div>

      {isAdmin && isAnswering && (
        <Form
          method="post"
          preventScrollReset
          ref={formRef}
          noValidate
          aria-label={t('knowledge:gaps.answerLabel', { question: gap.question })}
          className="mt-4 space-y-4 border-t border-slate-200 pt-4 dark:border-slate-800"
        >
          <input type="hidden" name="intent" value="answer" />
          <input type="hidden" name="gapId" value={gap.id} />
          <FormMessage message={failure?.intent === 'answer' ? failure.message : null} />
          <TextField
            label={t('knowledge:faq.question')}
            name="question"
            required
            maxLength={300}
            defaultValue={failure?.values.question ?? gap.question}
            errors={answerErrors?.question}
            description={t('knowledge:gaps.questionHelp')}
          />
          <TextAreaField
            label={t('knowledge:faq.answer')}
            name="answer"
            rows={4}
            required
            maxLength={5000}
            defaultValue={failure?.values.answer ?? ''}
            errors={answerErrors?.answer}
          />
          <div className="flex flex-wrap gap-2">
            <button type="submit" className={`${buttonPrimary} disabled:opacity-70`} disabled={!!busyIntent}>
              {busyIntent === 'answer' ? t('common:actions.saving') : t('knowledge:gaps.saveAnswer')}
            </button>
            <button
              type="button"
              className={buttonSecondary}
              onClick={() => setAnswering(false)}
              disabled={!!busyIntent}
            >
              {t('common:actions.cancel')}
            </button>
          </div>
        </Form>
      )}
    </li>
  );
}
