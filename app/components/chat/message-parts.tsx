import { useTranslation } from 'react-i18next';

/** Pieces of a chat thread shared by the playground and the inbox. */

/** Drawn, not an emoji: emoji fonts are missing on many Linux desktops. */
export function ThumbIcon({ isDown }: { isDown: boolean }) {
  return (
    <svg
      viewBox="0 0 24 24"
      className={`size-4 ${isDown ? 'rotate-180' : ''}`}
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden
    >
      <path d="M7 10v11H4a1 1 0 0 1-1-1v-9a1 1 0 0 1 1-1h3Z" />
      <path d="M7 10l4-8a3 3 0 0 1 3 3v4h5.5a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 18.1 21H7" />
    </svg>
  );
}

/** An answer's cited sources as chips; the passage shows as a tooltip. */
export function SourceChips({
  citations,
  idPrefix,
}: {
  citations: { ref: string; title: string; snippet?: string }[] | null;
  /** Gives each chip the id the answer's citation markers link to (see Markdown's citationPrefix). */
  idPrefix?: string;
}) {
  const { t } = useTranslation();
  if (!citations?.length) return null;
  return (
    <ul aria-label={t('playground:chat.sources')} className="mt-1 flex flex-wrap gap-1.5">
      {citations.map((citation) => (
        <li
          key={citation.ref}
          id={idPrefix ? `${idPrefix}${citation.ref}` : undefined}
          className="rounded-full border border-slate-200 px-2 py-0.5 text-xs text-slate-700 dark:border-slate-700 dark:text-slate-300"
          title={citation.snippet}
        >
          {citation.ref} · {citation.title}
        </li>
      ))}
    </ul>
  );
}

/** Three bouncing dots; the label is what a screen reader hears (none: the text beside them says it). */
export function TypingDots({ label }: { label?: string }) {
  return (
    <span
      className="inline-flex items-center gap-1"
      {...(label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true })}
    >
      {[0, 1, 2].map((i) => (
        <span
          key={i}
          className="size-2 animate-bounce rounded-full bg-slate-400 motion-reduce:animate-none"
          style={{ animationDelay: `${i * 120}ms` }}
        />
      ))}
    </span>
  );
}
