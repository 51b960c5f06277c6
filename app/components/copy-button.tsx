import { useTranslation } from 'react-i18next';
import { useCopy } from '~/lib/use-copy';

type CopyButtonProps = { text: string; label: string };

export function CopyButton({ text, label }: CopyButtonProps) {
  const { t } = useTranslation();
  const { isCopied, copy } = useCopy(text, { refused: t('common:copy.refused') });

  return (
    <button
      type="button"
      onClick={copy}
      className="inline-flex items-center gap-1.5 rounded-md px-2 py-1 text-xs font-medium text-slate-300 hover:bg-slate-800 hover:text-white"
    >
      <svg
        viewBox="0 0 20 20"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        aria-hidden="true"
        className="size-3.5"
      >
        {isCopied ? (
          <path d="m4.5 10.5 3.5 3.5 7.5-8" strokeLinecap="round" strokeLinejoin="round" />
        ) : (
          <>
            <rect x="7" y="7" width="9.5" height="9.5" rx="1.5" />
            <path d="M13 7V5a1.5 1.5 0 0 0-1.5-1.5h-6A1.5 1.5 0 0 0 4 5v6.5A1.5 1.5 0 0 0 5.5 13H7" />
          </>
        )}
      </svg>
      <span aria-live="polite">{isCopied ? t('common:actions.copied') : label}</span>
    </button>
  );
}
