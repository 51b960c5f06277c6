import { cloneElement, isValidElement, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '~/lib/format';

export type TTable = { columns: string[]; rows: (string | number)[][] };

export const cardClass = 'rounded-lg bg-white p-5 ring-1 ring-slate-200 dark:bg-slate-900 dark:ring-slate-800';

/**
 * One chart with its title, a button that swaps it for the same numbers as a
 * table (what keyboard and screen-reader users read), a CSV download of those
 * numbers, and a sentence in place of an empty chart.
 */
export function ChartCard({
  title,
  description,
  table,
  csvHref,
  isEmpty,
  emptyText,
  children,
}: {
  title: string;
  description?: string;
  table: TTable;
  /** A download of the numbers, where the page offers one. */
  csvHref?: string;
  isEmpty: boolean;
  emptyText: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [showTable, setShowTable] = useState(false);
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={cardClass} data-chart={title}>
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div>
          <h3 id={headingId} className="text-sm font-semibold text-slate-900 dark:text-white">
            {title}
          </h3>
          {description && <p className="mt-0.5 text-xs text-slate-600 dark:text-slate-400">{description}</p>}
        </div>
        {!isEmpty && (
          <div className="flex gap-3 text-xs font-medium">
            <button
              type="button"
              aria-pressed={showTable}
              onClick={() => setShowTable((shown) => !shown)}
              className="text-brand-700 hover:underline dark:text-brand-300"
            >
              {showTable ? t('analytics:charts.showChart') : t('analytics:charts.showTable')}
            </button>
            {csvHref && (
              <a href={csvHref} download className="text-brand-700 hover:underline dark:text-brand-300">
                CSV
              </a>
            )}
          </div>
        )}
      </div>
      <div className="mt-3">
        {isEmpty ? (
          <p className="py-8 text-center text-sm text-slate-600 dark:text-slate-400">{emptyText}</p>
        ) : showTable ? (
          <DataTable table={table} caption={title} />
        ) : (
          <div className="relative h-64">
            {/* The canvas is an image to assistive technology: it is named, and the table holds its figures. */}
            {isValidElement<{ 'aria-label'?: string }>(children)
              ? cloneElement(children, { 'aria-label': t('analytics:charts.canvasLabel', { title }) })
              : children}
          </div>
        )}
      </div>
    </section>
  );
}

function DataTable({ table, caption }: { table: TTable; caption: string }) {
  const format = useFormat();
  return (
    <div className="max-h-64 overflow-auto">
      <table className="w-full text-left text-sm tabular-nums">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-white dark:bg-slate-900">
          <tr>
            {table.columns.map((column) => (
              <th key={column} scope="col" className="px-2 py-1 font-medium text-slate-600 dark:text-slate-400">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
          {table.rows.map((row, index) => (
            <tr key={index}>
              {row.map((cell, column) => (
                <td key={column} className="px-2 py-1 text-slate-900 dark:text-slate-100">
                  {typeof cell === 'number' ? format.number(cell) : cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
