import { useLocation, useNavigate, useRouteLoaderData } from '@remix-run/react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { inboxPath } from '~/lib/inbox';
import { buttonDanger, buttonSecondary } from '~/lib/styles';
import { useTRPC } from '~/lib/trpc';
import { hasRole } from '../../../shared/roles';
import type { loader as appLoader } from '../../routes/app';
import { useInboxLive } from './inbox-live';

type TPending = 'visitor' | 'conversation' | null;

const QUESTIONS = {
  visitor: 'inbox:privacy.confirmVisitor',
  conversation: 'inbox:privacy.confirmConversation',
} as const satisfies Record<Exclude<TPending, null>, string>;

/** Saves a JSON document as a file the browser downloads. */
const download = (name: string, data: unknown) => {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

/**
 * The visitor's data rights in the inbox: export as JSON, erase the visitor,
 * erase this conversation. Admins and owners only; agents do not see them
 * (the server refuses them too). Erasing asks first, in place.
 */
export function VisitorPrivacy({ visitorId, conversationId }: { visitorId: string; conversationId: string }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const location = useLocation();
  const { workspaceId, refreshLists } = useInboxLive();
  const role = useRouteLoaderData<typeof appLoader>('routes/app')?.current?.role;
  const [pending, setPending] = useState<TPending>(null);
  const [isExporting, setIsExporting] = useState(false);

  const done = (what: string) => {
    // The id of the toast the live `conversation.deleted` shows: the eraser sees one, not two.
    toast.success(what, { id: `deleted-${conversationId}` });
    setPending(null);
    refreshLists();
    navigate(inboxPath(null, location.search));
  };
  const fail = (error: { message: string }) => toast.error(error.message);
  const eraseVisitor = useMutation(
    trpc.privacy.deleteVisitor.mutationOptions({
      onSuccess: (result) => done(t('inbox:privacy.visitorDeleted', { count: result.conversations })),
      onError: fail,
    }),
  );
  const eraseConversation = useMutation(
    trpc.privacy.deleteConversation.mutationOptions({
      onSuccess: () => done(t('inbox:privacy.conversationDeleted')),
      onError: fail,
    }),
  );

  if (!role || !hasRole(role, 'admin')) return null;

  const exportData = async () => {
    setIsExporting(true);
    try {
      const data = await queryClient.fetchQuery(
        trpc.privacy.exportVisitor.queryOptions({ workspaceId, visitorId }, { staleTime: 0 }),
      );
      download(`visitor-${visitorId}.json`, data);
    } catch (error) {
      fail(error as Error);
    } finally {
      setIsExporting(false);
    }
  };

  const isBusy = eraseVisitor.isPending || eraseConversation.isPending;
  const small = '!px-3 !py-1.5 !text-xs';
  return (
    <section aria-labelledby="privacy-heading" className="text-sm">
      <h3 id="privacy-heading" className="mb-2 text-sm font-semibold text-slate-900 dark:text-white">
        {t('inbox:privacy.heading')}
      </h3>
      {pending ? (
        <div role="alertdialog" aria-labelledby="privacy-question" className="space-y-2">
          <p id="privacy-question" className="text-slate-700 dark:text-slate-300">
            {t(QUESTIONS[pending])}
          </p>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={`${buttonDanger} ${small}`}
              disabled={isBusy}
              onClick={() =>
                pending === 'visitor'
                  ? eraseVisitor.mutate({ workspaceId, visitorId })
                  : eraseConversation.mutate({ workspaceId, conversationId })
              }
            >
              {isBusy ? t('inbox:privacy.deleting') : t('inbox:privacy.deleteForGood')}
            </button>
            <button type="button" className={`${buttonSecondary} ${small}`} onClick={() => setPending(null)}>
              {t('common:actions.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <div className="flex flex-col items-start gap-2">
          <button type="button" className={`${buttonSecondary} ${small}`} onClick={exportData} disabled={isExporting}>
            {isExporting ? t('inbox:privacy.preparing') : t('inbox:privacy.export')}
          </button>
          <button type="button" className={`${buttonSecondary} ${small}`} onClick={() => setPending('conversation')}>
            {t('inbox:privacy.deleteConversation')}
          </button>
          <button type="button" className={`${buttonDanger} ${small}`} onClick={() => setPending('visitor')}>
            {t('inbox:privacy.deleteVisitor')}
          </button>
        </div>
      )}
    </section>
  );
}
