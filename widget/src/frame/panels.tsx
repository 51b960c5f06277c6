import type { TargetedEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { fill, type TStrings } from './i18n';

/** Asks before something final: ending the chat, or (with `question` and `action`) deleting the history. */
export function EndConfirm(props: {
  t: TStrings;
  question?: string;
  action?: string;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => confirmRef.current?.focus(), []);
  return (
    <div
      class="panel"
      role="alertdialog"
      aria-modal="false"
      aria-labelledby="end-title"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <p id="end-title">{props.question ?? props.t.endConfirm}</p>
      <div class="row">
        <button type="button" class="primary" ref={confirmRef} onClick={props.onConfirm}>
          {props.action ?? props.t.endChat}
        </button>
        <button type="button" onClick={props.onCancel}>
          {props.t.cancel}
        </button>
      </div>
    </div>
  );
}

export function Rating(props: {
  t: TStrings;
  onSubmit: (rating: number, comment: string) => void;
  onSkip: () => void;
}) {
  const { t } = props;
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const firstRef = useRef<HTMLInputElement>(null);
  useEffect(() => firstRef.current?.focus(), []);
  return (
    <form
      class="panel"
      onSubmit={(event) => {
        event.preventDefault();
        if (rating) props.onSubmit(rating, comment);
      }}
    >
      <fieldset class="stars">
        <legend>{t.rateTitle}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} title={fill(t.stars, { n })}>
            <input
              type="radio"
              name="rating"
              value={n}
              ref={n === 1 ? firstRef : undefined}
              checked={rating === n}
              onChange={() => setRating(n)}
            />
            <span aria-hidden="true" class={n <= rating ? 'on' : ''}>
              ★
            </span>
            <span class="sr">{fill(t.stars, { n })}</span>
          </label>
        ))}
      </fieldset>
      <label class="sr" for="rating-comment">
        {t.comment}
      </label>
      <textarea
        id="rating-comment"
        rows={2}
        maxLength={1000}
        placeholder={t.comment}
        value={comment}
        onInput={(event: TargetedEvent<HTMLTextAreaElement>) => setComment(event.currentTarget.value)}
      />
      <div class="row">
        <button type="submit" class="primary" disabled={!rating}>
          {t.submit}
        </button>
        <button type="button" onClick={props.onSkip}>
          {t.skip}
        </button>
      </div>
    </form>
  );
}

export function Thanks(props: { t: TStrings; isRated: boolean; onNewChat: () => void }) {
  return (
    <div class="panel" role="status">
      <p>{props.isRated ? props.t.thanks : props.t.ended}</p>
      <button type="button" class="primary" onClick={props.onNewChat}>
        {props.t.newChat}
      </button>
    </div>
  );
}
