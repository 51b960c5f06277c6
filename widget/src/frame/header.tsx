import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
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
  /** "Delete my history", in the header's menu. */
  onForget: () => void;
  onMinimise: (() => void) | null;
}) {
  const { t, conversation } = props;
  const [isMenuOpen, setIsMenuOpen] = useState(false);
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
      <div
        class="more"
        onKeyDown={(event) => {
          if (event.key === 'Escape' && isMenuOpen) {
            event.stopPropagation();
            setIsMenuOpen(false);
          }
        }}
        onFocusOut={(event) => {
          const next = event.relatedTarget as Node | null;
          if (!next || !(event.currentTarget as HTMLElement).contains(next)) setIsMenuOpen(false);
        }}
      >
        <button
          type="button"
          class="icon"
          aria-haspopup="menu"
          aria-expanded={isMenuOpen}
          title={t.menu}
          aria-label={t.menu}
          onClick={() => setIsMenuOpen(!isMenuOpen)}
        >
          <Icon name="more" />
        </button>
        {isMenuOpen && (
          <div class="menu" role="menu">
            <button
              type="button"
              role="menuitem"
              onClick={() => {
                setIsMenuOpen(false);
                props.onForget();
              }}
            >
              {t.deleteHistory}
            </button>
          </div>
        )}
      </div>
      {props.onMinimise && (
        <button type="button" class="icon" onClick={props.onMinimise} title={t.minimise} aria-label={t.minimise}>
          <Icon name="minimise" />
        </button>
      )}
    </header>
  );
}
