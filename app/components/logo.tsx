type LogoMarkProps = { className?: string };

/** Two overlapping speech bubbles: a conversation between a visitor and the site. */
export function LogoMark({ className }: LogoMarkProps) {
  return (
    <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false" className={className}>
      <path
        className="fill-brand-300 dark:fill-brand-400/70"
        d="M15 11h10a5 5 0 0 1 5 5v5a5 5 0 0 1-5 5h-1v4l-5-4h-4a5 5 0 0 1-5-5v-5a5 5 0 0 1 5-5Z"
      />
      <path
        className="fill-brand-600 dark:fill-brand-500"
        d="M7 3h12a5 5 0 0 1 5 5v7a5 5 0 0 1-5 5h-7l-6 5v-5a5 5 0 0 1-4-5V8a5 5 0 0 1 5-5Z"
      />
      <circle cx="9" cy="11.5" r="1.6" className="fill-white" />
      <circle cx="13.5" cy="11.5" r="1.6" className="fill-white" />
      <circle cx="18" cy="11.5" r="1.6" className="fill-white" />
    </svg>
  );
}

export function Wordmark() {
  return (
    <span className="flex items-center gap-2">
      <LogoMark className="size-8 shrink-0" />
      <span className="text-lg font-semibold tracking-tight text-slate-900 dark:text-white">Parley</span>
    </span>
  );
}
