import { cardClass } from './chart-card';

// The words of docs/analytics.md, where the figures are defined; keep the two the same.
const OUTCOMES = [
  [
    'Answered by AI',
    'The bot answered, nobody was asked for, nobody from the team replied, and the visitor did not rate it 1–2 of 5 or give a thumbs-down.',
  ],
  [
    'Handed to a person',
    'A person was asked for (or the chatbot only hands over) and nobody from the team has replied yet.',
  ],
  ['Answered by a person', 'Someone from the team replied, whether or not the bot answered first.'],
  ['Unanswered', 'No reply, only fallback replies, or an answer rated negatively.'],
] as const;

const REASONS = [
  ['Policy or limit', 'The chatbot answers only through people, or the workspace was past its monthly limit.'],
  ['Webhook failure', 'The bot’s last turn before the request was a failed call to the chatbot’s webhook.'],
  ['Low confidence', 'The bot fell back although the knowledge held passages, all below the threshold.'],
  ['No answer found', 'The bot fell back and nothing in the knowledge matched.'],
  ['Offered by the bot', 'The bot’s answer offered a person and the visitor took it.'],
  ['Visitor asked', 'The visitor asked for a person on their own.'],
] as const;

/** What each outcome and hand-off reason means, folded away until asked for. */
export function OutcomeHelp() {
  return (
    <details className={`${cardClass} text-sm`}>
      <summary className="cursor-pointer font-medium text-slate-900 dark:text-white">How are outcomes decided?</summary>
      <p className="mt-2 text-slate-600 dark:text-slate-400">
        A conversation gets its outcome when it is resolved or archived, or after 30 minutes without a message. A new
        message reopens it.
      </p>
      <dl className="mt-3 grid gap-x-6 gap-y-2 md:grid-cols-2">
        {OUTCOMES.map(([term, text]) => (
          <div key={term}>
            <dt className="font-medium text-slate-900 dark:text-white">{term}</dt>
            <dd className="text-slate-600 dark:text-slate-400">{text}</dd>
          </div>
        ))}
      </dl>
      <h3 className="mt-4 font-medium text-slate-900 dark:text-white">Hand-off reasons (the first that applies)</h3>
      <dl className="mt-2 grid gap-x-6 gap-y-2 md:grid-cols-2">
        {REASONS.map(([term, text]) => (
          <div key={term}>
            <dt className="font-medium text-slate-900 dark:text-white">{term}</dt>
            <dd className="text-slate-600 dark:text-slate-400">{text}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
