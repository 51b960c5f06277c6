import type { useActionData } from '@remix-run/react';
import { useEffect, useState } from 'react';
import type { handleAccountAction } from './account-actions.server';

/** The action's answer as the page receives it: one form's result, tagged with its intent. */
export type TAccountAnswer = ReturnType<typeof useActionData<typeof handleAccountAction>>;

type TAnswer = NonNullable<TAccountAnswer>;
export type TAccountIntent = TAnswer['intent'];

/** The refusal of one form, so only that form shows it. */
export const failureFor = <I extends TAccountIntent>(answer: TAccountAnswer, intent: I) =>
  answer && !answer.ok && answer.intent === intent ? (answer as Extract<TAnswer, { ok: false; intent: I }>) : null;

/** The success of one form, so only that form shows it. */
export const successFor = <I extends TAccountIntent>(answer: TAccountAnswer, intent: I) =>
  answer?.ok && answer.intent === intent ? (answer as Extract<TAnswer, { ok: true; intent: I }>) : null;

/**
 * Counts the action's answers, whichever form they were for. Password fields
 * are keyed by it: a new key remounts them empty, so a password is never kept
 * on the page after it was sent, right or wrong.
 */
export function useAnswerCount(answer: TAccountAnswer) {
  const [count, setCount] = useState(0);
  useEffect(() => {
    if (!answer) return;
    setCount((current) => current + 1);
  }, [answer]);
  return count;
}
