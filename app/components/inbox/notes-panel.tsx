import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import type { TInboxNote } from '~/lib/inbox';
import { buttonSecondary } from '~/lib/styles';
import { useTRPC } from '~/lib/trpc';
import { useInboxLive } from './inbox-live';
import { TimeAgo } from './time-ago';

const MAX_NOTE = 4000;

/** The team's notes on a conversation: never shown to the visitor. Added at once, taken back if refused. */
export function NotesPanel({ conversationId, notes }: { conversationId: string; notes: TInboxNote[] }) {
  const trpc = useTRPC();
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { workspaceId, me, broadcast } = useInboxLive();
  const [draft, setDraft] = useState('');
  const id = useId();
  const key = trpc.inbox.get.queryKey({ workspaceId, conversationId });

  const add = useMutation(
    trpc.inbox.addNote.mutationOptions({
      onMutate: ({ content }) => {
        const temp: TInboxNote = {
          id: `pending-${crypto.randomUUID()}`,
          author: { id: me.id, name: me.name },
          content,
          createdAt: new Date(),
        };
        queryClient.setQueryData(key, (data) => (data ? { ...data, notes: [...data.notes, temp] } : data));
        return { tempId: temp.id };
      },
      onSuccess: (note, _input, context) =>
        queryClient.setQueryData(key, (data) =>
          data
            ? { ...data, notes: [...data.notes.filter((n) => n.id !== context.tempId && n.id !== note.id), note] }
            : data,
        ),
      onError: (error, input, context) => {
        queryClient.setQueryData(key, (data) =>
          data ? { ...data, notes: data.notes.filter((n) => n.id !== context?.tempId) } : data,
        );
        setDraft(input.content);
        toast.error(error.message);
      },
      onSettled: () => broadcast({ type: 'changed', conversationId }),
    }),
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const content = draft.trim();
    if (!content) return;
    setDraft('');
    add.mutate({ workspaceId, conversationId, content });
  };

  return (
    <section aria-labelledby={`${id}-heading`} className="text-sm">
      <h2 id={`${id}-heading`} className="text-sm font-semibold text-slate-900 dark:text-white">
        {t('inbox:notes.heading')}
      </h2>
      <p className="mb-2 text-xs text-slate-600 dark:text-slate-400">{t('inbox:notes.hint')}</p>
      {notes.length > 0 && (
        <ol aria-label={t('inbox:notes.label')} className="mb-3 space-y-2">
          {notes.map((note) => (
            <li
              key={note.id}
              className={`rounded-md bg-amber-50 p-2.5 ring-1 ring-amber-200 dark:bg-amber-950/40 dark:ring-amber-900 ${
                note.id.startsWith('pending-') ? 'opacity-70' : ''
              }`}
            >
              <p className="text-xs text-slate-600 dark:text-slate-400">
                <span className="font-medium text-slate-800 dark:text-slate-200">
                  {note.author
                    ? note.author.id === me.id
                      ? t('inbox:notes.you')
                      : note.author.name
                    : t('inbox:notes.formerMember')}
                </span>{' '}
                · <TimeAgo value={note.createdAt} />
              </p>
              <p className="mt-1 whitespace-pre-wrap text-slate-900 dark:text-slate-100">{note.content}</p>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={submit} className="space-y-2">
        <label htmlFor={`${id}-note`} className="sr-only">
          {t('inbox:notes.newNote')}
        </label>
        <textarea
          id={`${id}-note`}
          rows={2}
          value={draft}
          maxLength={MAX_NOTE}
          onChange={(event) => setDraft(event.target.value)}
          placeholder={t('inbox:notes.placeholder')}
          className="block w-full resize-y rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 focus:border-brand-600 focus:outline-2 focus:outline-brand-600 dark:border-slate-700 dark:bg-slate-950 dark:text-slate-100"
        />
        <button type="submit" className={buttonSecondary} disabled={!draft.trim()}>
          {t('inbox:notes.add')}
        </button>
      </form>
    </section>
  );
}
