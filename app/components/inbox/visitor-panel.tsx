import { Link, useLocation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '~/lib/format';
import { inboxPath, type TInboxThread } from '~/lib/inbox';
import { describeUserAgent, formatUtc } from '~/lib/user-agent';
import { StatusPill } from './conversation-list';
import { TimeAgo } from './time-ago';

/** Names for the context keys pages commonly send; any other key is shown as it was sent. */
const LABELS: Record<string, string> = {
  page: 'inbox:visitor.context.page',
  product: 'inbox:visitor.context.product',
  url: 'inbox:visitor.context.url',
  title: 'inbox:visitor.context.title',
};
const humanize = (key: string) => key.charAt(0).toUpperCase() + key.slice(1).replace(/[_-]/g, ' ');

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_minmax(0,1fr)] gap-2 py-1">
      <dt className="text-slate-600 dark:text-slate-400">{term}</dt>
      <dd className="break-words text-slate-900 dark:text-slate-100">{children}</dd>
    </div>
  );
}

/** Who the visitor is and where they are: identity, page and product, locale, device, visits, other conversations. */
export function VisitorPanel({ thread }: { thread: TInboxThread }) {
  const { visitor, conversation } = thread;
  const { t } = useTranslation();
  const format = useFormat();
  const label = (key: string) => (LABELS[key] ? t(LABELS[key]) : humanize(key));
  const notGiven = <span className="text-slate-600 dark:text-slate-400">{t('inbox:visitor.notGiven')}</span>;
  const location = useLocation();
  const context = { ...visitor.context, ...conversation.context };
  // The page the widget's loader reports by itself (pageUrl, pageTitle) gets a row of its own, as a link.
  const { pageUrl, pageTitle } = context as Record<string, unknown>;
  const pageHref = typeof pageUrl === 'string' && /^https?:\/\//i.test(pageUrl) ? pageUrl : null;
  const contextEntries = Object.entries(context).filter(
    ([key, value]) => value !== null && value !== '' && key !== 'pageUrl' && key !== 'pageTitle',
  );
  const traitEntries = Object.entries(visitor.traits ?? {}).filter(
    ([key, value]) => value !== null && value !== '' && key !== 'name' && key !== 'email',
  );
  const past = visitor.pastConversations.filter((past) => past.id !== conversation.id);
  return (
    <section aria-labelledby="visitor-heading" className="text-sm">
      <h2 id="visitor-heading" className="mb-2 text-sm font-semibold text-slate-900 dark:text-white">
        {t('inbox:visitor.heading')}
      </h2>
      <dl className="divide-y divide-slate-100 dark:divide-slate-800">
        <Row term={t('inbox:visitor.name')}>{visitor.name ?? notGiven}</Row>
        <Row term={t('inbox:visitor.email')}>
          {visitor.email ? (
            <a href={`mailto:${visitor.email}`} className="text-brand-700 hover:underline dark:text-brand-300">
              {visitor.email}
            </a>
          ) : (
            notGiven
          )}
        </Row>
        {pageHref && (
          <Row term={t('inbox:visitor.currentPage')}>
            <a
              href={pageHref}
              target="_blank"
              rel="noreferrer noopener"
              title={pageHref}
              className="break-all text-brand-700 hover:underline dark:text-brand-300"
            >
              {typeof pageTitle === 'string' && pageTitle ? pageTitle : pageHref}
            </a>
          </Row>
        )}
        {contextEntries.map(([key, value]) => (
          <Row key={`c-${key}`} term={label(key)}>
            {String(value)}
          </Row>
        ))}
        {traitEntries.map(([key, value]) => (
          <Row key={`t-${key}`} term={label(key)}>
            {String(value)}
          </Row>
        ))}
        <Row term={t('inbox:visitor.language')}>
          {visitor.locale ? `${format.languageName(visitor.locale)} (${visitor.locale})` : '—'}
        </Row>
        <Row term={t('inbox:visitor.device')}>
          <span title={visitor.userAgent ?? undefined}>{describeUserAgent(visitor.userAgent, t)}</span>
        </Row>
        <Row term={t('inbox:visitor.firstSeen')}>
          <span title={formatUtc(visitor.firstSeenAt, format)}>
            <TimeAgo value={visitor.firstSeenAt} />
          </span>
        </Row>
        <Row term={t('inbox:visitor.lastSeen')}>
          <TimeAgo value={visitor.lastSeenAt} />
        </Row>
        {conversation.rating !== null && (
          <Row term={t('inbox:visitor.rating')}>
            <span aria-label={t('inbox:visitor.ratingLabel', { rating: conversation.rating })}>
              {'★'.repeat(conversation.rating)}
            </span>
            <span className="text-slate-400" aria-hidden>
              {'★'.repeat(5 - conversation.rating)}
            </span>
            {conversation.ratingComment && (
              <span className="mt-1 block whitespace-pre-wrap text-slate-700 dark:text-slate-300">
                {t('inbox:visitor.ratingComment', { comment: conversation.ratingComment })}
              </span>
            )}
          </Row>
        )}
      </dl>
      <h3 className="mt-4 mb-1 text-sm font-semibold text-slate-900 dark:text-white">
        {t('inbox:visitor.otherConversations')}
      </h3>
      {past.length ? (
        <ul className="space-y-1">
          {past.map((other) => (
            <li key={other.id} className="flex items-center justify-between gap-2">
              <Link
                to={inboxPath(other.id, location.search)}
                className="text-brand-700 hover:underline dark:text-brand-300"
              >
                <TimeAgo value={other.lastMessageAt ?? other.createdAt} />
              </Link>
              <StatusPill status={other.status} handler="bot" />
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-slate-600 dark:text-slate-400">{t('inbox:visitor.noOthers')}</p>
      )}
    </section>
  );
}
