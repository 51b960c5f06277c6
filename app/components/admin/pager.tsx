import { Link } from '@remix-run/react';
import { smallButton } from './ui';

/** Previous / next links for a searched list, keeping the search in the URL. */
export function Pager({
  total,
  offset,
  pageSize,
  search,
}: {
  total: number;
  offset: number;
  pageSize: number;
  search: string;
}) {
  if (total <= pageSize) return <p className="text-sm text-slate-600 dark:text-slate-400">{total} in all</p>;
  const link = (at: number) => `?${new URLSearchParams({ q: search, offset: String(at) })}`;
  return (
    <nav aria-label="Pages" className="flex items-center gap-3 text-sm text-slate-600 dark:text-slate-400">
      {offset > 0 && (
        <Link to={link(Math.max(0, offset - pageSize))} className={smallButton}>
          Previous
        </Link>
      )}
      <span>
        {offset + 1}–{Math.min(offset + pageSize, total)} of {total}
      </span>
      {offset + pageSize < total && (
        <Link to={link(offset + pageSize)} className={smallButton}>
          Next
        </Link>
      )}
    </nav>
  );
}
