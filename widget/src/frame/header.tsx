import type { Ref } from 'preact';
import { Icon } from './icons';
import type { TStrings } from './i18n';
import type { TWidgetConversation } from './types';

/** The chatbot's name (and the person answering, once one took over), "end chat" and "minimise". */
export function Header(props: {
  t: TStrings;
  name: string;
  conversation: TWidgetConversation | null;
  canEnd: boolean;
  endRef: Ref<HTMLButtonElement>;
  onEnd: () => void;
  onMinimise: (() => void) | null;
}) {
  const { t, conversation } = props;
  return (
    <header class="head">
      <div class="title">
        <h1>{props.name}</h1>
        {conversation?.handler === 'human' && conversation.operatorName && <p>{conversation.operatorName}</p>}
      </div>
      {props.canEnd && (
        <button
          type="button"
          class="icon"
          ref={props.endRef}
          onClick={props.onEnd}
          title={t.endChat}
          aria-label={t.endChat}
        >
          <Icon name="end" />
        </button>
      )}
      {props.onMinimise && (
        <button type="button" class="icon" onClick={props.onMinimise} title={t.minimise} aria-label={t.minimise}>
          <Icon name="minimise" />
        </button>
      )}
    </header>
  );
}
