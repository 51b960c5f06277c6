import { useTranslation } from 'react-i18next';
import { canTakeOver, describeHandling } from '~/lib/handling';
import type { TInboxThread } from '~/lib/inbox';
import { buttonPrimary, buttonSecondary } from '~/lib/styles';
import { StatusPill } from './conversation-list';
import type { TPresence } from './inbox-live';
import type { useConversationActions } from './use-conversation-actions';

type TProps = {
  conversationId: string;
  conversation: TInboxThread['conversation'];
  visitorName: string;
  headingId: string;
  me: { id: string };
  members: { userId: string; name: string; isYou: boolean }[];
  actions: ReturnType<typeof useConversationActions>;
  /** The other members who have it open now. */
  viewers: TPresence[];
};

/** Who the conversation is with and who handles it, what can be done with it, and who else is looking. */
export function ConversationHeader({
  conversationId,
  conversation,
  visitorName,
  headingId,
  me,
  members,
  actions,
  viewers,
}: TProps) {
  const { t } = useTranslation();
  const isMine = conversation.assignee?.id === me.id;
  const isHuman = conversation.handler === 'human';
  const isClosed = conversation.status === 'resolved' || conversation.status === 'archived';
  return (
    <header className="space-y-3 border-b border-slate-200 p-4 dark:border-slate-800">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="min-w-0">
          <h2 id={headingId} className="truncate text-lg font-semibold text-slate-900 dark:text-white">
            {visitorName}
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            {conversation.chatbotName} · <span data-testid="handling">{describeHandling(conversation, me.id, t)}</span>
          </p>
        </div>
        <StatusPill status={conversation.status} handler={conversation.handler} />
      </div>
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label={t('inbox:header.actionsLabel')}>
        {canTakeOver(conversation) && (
          <button
            type="button"
            className={buttonPrimary}
            onClick={() => actions.takeOver(conversationId)}
            disabled={actions.isTakingOver}
          >
            {t('inbox:header.takeOver')}
          </button>
        )}
        {!isClosed && isHuman && isMine && (
          <button type="button" className={buttonSecondary} onClick={() => actions.handBack(conversationId)}>
            {t('inbox:header.handBack')}
          </button>
        )}
        {!isClosed ? (
          <button type="button" className={buttonSecondary} onClick={() => actions.resolve(conversationId)}>
            {t('inbox:header.resolve')}
          </button>
        ) : (
          <button type="button" className={buttonSecondary} onClick={() => actions.reopen(conversationId)}>
            {t('inbox:header.reopen')}
          </button>
        )}
        {conversation.status !== 'archived' && (
          <button type="button" className={buttonSecondary} onClick={() => actions.archive(conversationId)}>
            {t('inbox:header.archive')}
          </button>
        )}
        <label className="ml-auto flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
          {t('inbox:header.assignedTo')}
          <select
            value={conversation.assignee?.id ?? ''}
            onChange={(event) => actions.assign(conversationId, event.target.value || null)}
            className="rounded-md border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm text-slate-900 ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600 dark:bg-slate-900 dark:text-white dark:ring-slate-700"
          >
            <option value="">{t('inbox:header.nobody')}</option>
            {members.map((member) => (
              <option key={member.userId} value={member.userId}>
                {member.isYou ? t('inbox:header.memberYou', { name: member.name }) : member.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {conversation.status === 'pending' && (
        <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200 dark:bg-amber-950/50 dark:text-amber-200 dark:ring-amber-900">
          {t('inbox:header.pendingNotice')}
        </p>
      )}
      {viewers.length > 0 && (
        <p className="flex items-center gap-2 text-sm text-slate-600 dark:text-slate-400" aria-live="polite">
          <span className="size-2 rounded-full bg-emerald-500" aria-hidden />
          {viewers.map((person) => t('inbox:header.viewing', { name: person.name })).join(' · ')}
        </p>
      )}
    </header>
  );
}
