import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import { fill, type TStrings } from './i18n';

/**
 * Nobody on the team was online when the visitor asked for a person: where
 * should the reply go? Once they said, a quiet line says where it will.
 */
export function EmailOffer(props: {
  t: TStrings;
  replyEmail: string | null;
  onSubmit: (email: string, wantsTranscript: boolean) => Promise<boolean>;
}) {
  const { t } = props;
  const [email, setEmail] = useState('');
  const [wantsTranscript, setWantsTranscript] = useState(true);
  const [isSending, setIsSending] = useState(false);
  if (props.replyEmail) return <p class="muted center">{fill(t.emailWillGo, { email: props.replyEmail })}</p>;
  return (
    <form
      class="panel"
      aria-label={t.emailTitle}
      onSubmit={(event) => {
        event.preventDefault();
        setIsSending(true);
        void props.onSubmit(email, wantsTranscript).finally(() => setIsSending(false));
      }}
    >
      <label for="reply-email">{t.emailTitle}</label>
      <input
        id="reply-email"
        type="email"
        required
        maxLength={320}
        autoComplete="email"
        placeholder="name@example.com"
        value={email}
        onInput={(event: TargetedEvent<HTMLInputElement>) => setEmail(event.currentTarget.value)}
      />
      <label class="check">
        <input
          type="checkbox"
          checked={wantsTranscript}
          onChange={(event: TargetedEvent<HTMLInputElement>) => setWantsTranscript(event.currentTarget.checked)}
        />
        {t.emailTranscript}
      </label>
      <div class="row">
        <button type="submit" class="primary" disabled={isSending || !email.trim()}>
          {t.emailSubmit}
        </button>
      </div>
    </form>
  );
}
