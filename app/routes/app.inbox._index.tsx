/** Nothing open yet: a hint where the conversation will show. */
export default function InboxEmpty() {
  return (
    <div className="flex min-h-[24rem] items-center justify-center rounded-lg border border-dashed border-slate-300 p-8 text-center dark:border-slate-700">
      <div>
        <h2 className="text-lg font-semibold text-slate-900 dark:text-white">Pick a conversation</h2>
        <p className="mx-auto mt-2 max-w-sm text-sm text-slate-600 dark:text-slate-400">
          Its messages, the visitor and your team’s notes show here. Conversations waiting for a person come first in
          the <em>Pending</em> tab.
        </p>
      </div>
    </div>
  );
}
