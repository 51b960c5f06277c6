import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import { statusMatches, type TInboxItem } from '~/lib/inbox';
import { useTRPC } from '~/lib/trpc';
import { patchLists, useInboxLive } from './inbox-live';

type TChanges = Partial<Pick<TInboxItem, 'status' | 'handler' | 'assignee'>>;
type TSnapshot = [QueryKey, unknown][];

/**
 * Take over, hand back, assign, resolve, reopen and archive — each shown at
 * once (the conversation and every cached list are patched before the
 * server answers) and put back as it was, with the server's sentence as a
 * toast, when it refuses. Other tabs of this user hear about it.
 */
export function useConversationActions(members: { userId: string; name: string }[] = []) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { workspaceId, me, broadcast, refreshLists } = useInboxLive();

  const apply = async (conversationId: string, changes: TChanges): Promise<TSnapshot> => {
    const inboxKey = trpc.inbox.pathKey();
    await queryClient.cancelQueries({ queryKey: inboxKey });
    const snapshot = queryClient.getQueriesData({ queryKey: inboxKey });
    queryClient.setQueryData(trpc.inbox.get.queryKey({ workspaceId, conversationId }), (data) =>
      data ? { ...data, conversation: { ...data.conversation, ...changes } } : data,
    );
    patchLists(queryClient, trpc.inbox.list.pathKey(), (item, status) => {
      if (item.id !== conversationId) return item;
      const next = { ...item, ...changes };
      return statusMatches(status, next.status) ? next : null;
    });
    return snapshot;
  };

  const handlers = (changes: (input: { conversationId: string; userId?: string | null }) => TChanges) => ({
    onMutate: (input: { conversationId: string; userId?: string | null }) =>
      apply(input.conversationId, changes(input)),
    onError: (error: { message: string }, _input: unknown, snapshot: TSnapshot | undefined) => {
      for (const [key, data] of snapshot ?? []) queryClient.setQueryData(key, data);
      toast.error(error.message);
    },
    onSettled: (_data: unknown, _error: unknown, input: { conversationId: string }) => {
      void queryClient.invalidateQueries(
        trpc.inbox.get.queryFilter({ workspaceId, conversationId: input.conversationId }),
      );
      refreshLists();
      broadcast({ type: 'changed', conversationId: input.conversationId });
    },
  });

  const takeOver = useMutation(
    trpc.inbox.takeOver.mutationOptions(
      handlers(() => ({ handler: 'human', status: 'open', assignee: { id: me.id, name: me.name } })),
    ),
  );
  const handBack = useMutation(trpc.inbox.handBack.mutationOptions(handlers(() => ({ handler: 'bot' }))));
  const reopen = useMutation(trpc.inbox.reopen.mutationOptions(handlers(() => ({ status: 'open' }))));
  const reopenMutate = reopen.mutate;
  const resolve = useMutation(
    trpc.inbox.resolve.mutationOptions({
      ...handlers(() => ({ status: 'resolved' })),
      // It leaves the open list at once; a slip of the "e" key is one click to take back.
      onSuccess: (_data, input) =>
        toast.success(t('inbox:actions.resolved'), {
          id: `resolved-${input.conversationId}`,
          action: { label: t('inbox:actions.undo'), onClick: () => reopenMutate(input) },
        }),
    }),
  );
  const archive = useMutation(trpc.inbox.archive.mutationOptions(handlers(() => ({ status: 'archived' }))));
  const assign = useMutation(
    trpc.inbox.assign.mutationOptions(
      handlers(({ userId }) => ({
        assignee: userId ? { id: userId, name: members.find((m) => m.userId === userId)?.name ?? '' } : null,
      })),
    ),
  );

  const ref = (conversationId: string) => ({ workspaceId, conversationId });
  return {
    takeOver: (conversationId: string) => takeOver.mutate(ref(conversationId)),
    handBack: (conversationId: string) => handBack.mutate(ref(conversationId)),
    resolve: (conversationId: string) => resolve.mutate(ref(conversationId)),
    reopen: (conversationId: string) => reopen.mutate(ref(conversationId)),
    archive: (conversationId: string) => archive.mutate(ref(conversationId)),
    assign: (conversationId: string, userId: string | null) => assign.mutate({ ...ref(conversationId), userId }),
    isTakingOver: takeOver.isPending,
  };
}
