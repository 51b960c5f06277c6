import { splitHighlight } from '~/lib/inbox';

/**
 * A search snippet with its matches marked. Built from text pieces (never
 * innerHTML): the server's `<mark>` tags are the only markup that counts,
 * anything else in a message shows as the text it is.
 */
export function Highlight({ snippet }: { snippet: string }) {
  return (
    <>
      {splitHighlight(snippet).map((part, index) =>
        part.isMatch ? (
          <mark
            key={index}
            className="rounded-sm bg-amber-200 px-0.5 text-slate-900 dark:bg-amber-400/40 dark:text-white"
          >
            {part.text}
          </mark>
        ) : (
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}
