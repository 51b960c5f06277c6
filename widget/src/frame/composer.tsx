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
  /** Measured again when the chat shows: a hidden frame measures every box as 0 px. */
  visible: boolean;
}) {
  const { t } = props;
  const [value, setValue] = useState('');
  const grow = () => {
    const input = props.inputRef.current;
    if (!input) return;
    input.style.height = 'auto';
    // Not laid out (the panel is hidden): leave the height to the style sheet, or the box stays 0 px once shown.
    if (!input.scrollHeight) return;
    input.style.height = `${Math.min(input.scrollHeight, 140)}px`;
  };
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useLayoutEffect(grow, [value, props.visible]);
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
