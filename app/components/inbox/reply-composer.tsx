import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { buttonPrimary } from '~/lib/styles';

const MAX_CHARS = 4000;
/** While keys keep coming, "typing" is re-sent this often (the server also throttles). */
const TYPING_EVERY_MS = 3_000;
/** After this long without a key the visitor is told the operator stopped. */
const TYPING_IDLE_MS = 4_000;

/**
 * Where an operator writes to the visitor. Enter sends, Shift+Enter breaks
 * the line; the visitor sees "… is typing" while keys come.
 */
export function ReplyComposer({
  onSend,
  onTyping,
  isDisabled,
  placeholder,
  restore,
}: {
  onSend: (content: string) => void;
  onTyping: (isTyping: boolean) => void;
  isDisabled: boolean;
  placeholder: string;
  /** A reply the server refused comes back here, so nothing typed is lost. */
  restore: string | null;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState('');
  const id = useId();
  const typing = useRef({ sentAt: 0, timer: null as ReturnType<typeof setTimeout> | null });
  const latestOnTyping = useRef(onTyping);
  latestOnTyping.current = onTyping;

  useEffect(() => {
    if (restore) setDraft(restore);
  }, [restore]);

  const stopTyping = () => {
    const state = typing.current;
    if (state.timer) clearTimeout(state.timer);
    state.timer = null;
    if (state.sentAt) {
      state.sentAt = 0;
      latestOnTyping.current(false);
    }
  };
  // Leaving the conversation stops the indicator too.
  useEffect(() => stopTyping, []);

  const keyPressed = () => {
    const state = typing.current;
    if (Date.now() - state.sentAt > TYPING_EVERY_MS) {
      state.sentAt = Date.now();
      latestOnTyping.current(true);
    }
    if (state.timer) clearTimeout(state.timer);
    state.timer = setTimeout(stopTyping, TYPING_IDLE_MS);
  };

  const submit = () => {
    const content = draft.trim();
    if (!content || isDisabled) return;
    stopTyping();
    setDraft('');
    onSend(content);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <form onSubmit={onSubmit} className="flex items-end gap-2 border-t border-slate-200 p-3 dark:border-slate-800">
      <label htmlFor={`${id}-reply`} className="sr-only">
        {t('inbox:composer.label')}
      </label>
      <textarea
        id={`${id}-reply`}
        rows={Math.min(6, Math.max(2, draft.split('\n').length))}
        value={draft}
        maxLength={MAX_CHARS}
        disabled={isDisabled}
        onChange={(event) => {
          setDraft(event.target.value);
          if (event.target.value) keyPressed();
          else stopTyping();
        }}
        onBlur={stopTyping}
        onKeyDown={onKeyDown}
        placeholder={placeholder}
        className="min-h-10 flex-1 resize-none rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-brand-600 focus:outline-2 focus:outline-brand-600 disabled:cursor-not-allowed disabled:bg-slate-50 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100 dark:disabled:bg-slate-900"
      />
      <button type="submit" className={buttonPrimary} disabled={isDisabled || !draft.trim()}>
        {t('inbox:composer.send')}
      </button>
    </form>
  );
}
