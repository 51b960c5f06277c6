import type { TargetedEvent } from 'preact';
import { useLayoutEffect, useState } from 'preact/hooks';
import type { TStrings } from './i18n';
import { Icon } from './icons';

export const MAX_LENGTH = 2000;

export function Composer(props: {
  t: TStrings;
  inputRef: { current: HTMLTextAreaElement | null };
  onSend: (text: string) => boolean;
  onTyping: () => void;
  disabled: boolean;
}) {
  const { t } = props;
  const [value, setValue] = useState('');
  const grow = () => {
    const input = props.inputRef.current;
    if (!input) return;
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight, 140)}px`;
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(grow, [value]);
  const submit = () => {
    if (props.onSend(value)) setValue('');
  };
  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={props.inputRef}
        rows={1}
        value={value}
        maxLength={MAX_LENGTH}
        placeholder={t.placeholder}
        aria-label={t.inputLabel}
        disabled={props.disabled}
        onInput={(event: TargetedEvent<HTMLTextAreaElement>) => {
          setValue(event.currentTarget.value);
          props.onTyping();
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit" class="send" aria-label={t.send} title={t.send} disabled={!value.trim() || props.disabled}>
        <Icon name="send" />
      </button>
    </form>
  );
}
