import { Link } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  if (total <= pageSize) {
    return <p className="text-sm text-slate-600 dark:text-slate-400">{t('admin:pager.inAll', { total })}</p>;
  }
  const link = (at: number) => `?${new URLSearchParams({ q: search, offset: String(at) })}`;
  return (
    <nav
      aria-label={t('admin:pager.label')}
      className="flex items-center gap-3 text-sm text-slate-600 dark:text-slate-400"
    >
      {offset > 0 && (
        <Link to={link(Math.max(0, offset - pageSize))} className={smallButton}>
          {t('common:actions.previous')}
        </Link>
      )}
      <span>{t('admin:pager.range', { from: offset + 1, to: Math.min(offset + pageSize, total), total })}</span>
      {offset + pageSize < total && (
        <Link to={link(offset + pageSize)} className={smallButton}>
          {t('common:actions.next')}
        </Link>
      )}
    </nav>
  );
}
