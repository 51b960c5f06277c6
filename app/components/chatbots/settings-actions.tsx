import { Form, useNavigation } from '@remix-run/react';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { StatusBadge } from '~/components/chatbots/status-badge';
import { FormMessage, TextField } from '~/components/form-fields';
import { buttonDanger, buttonPrimary, buttonSecondary } from '~/lib/styles';
import type { TSettingsActionData } from './settings-action.server';
import { SettingsSection } from './settings-fields';

type TStatus = 'draft' | 'live' | 'paused';

const STATUS_HELP: Record<TStatus, string> = {
  draft: 'chatbots:actions.status.help.draft',
  live: 'chatbots:actions.status.help.live',
  paused: 'chatbots:actions.status.help.paused',
};

/** The buttons offered from each status, in the order people most often want them. */
const STATUS_MOVES: Record<TStatus, { status: TStatus; label: string; primary?: boolean }[]> = {
  draft: [{ status: 'live', label: 'chatbots:actions.status.goLive', primary: true }],
  live: [
    { status: 'paused', label: 'chatbots:actions.status.pause', primary: true },
    { status: 'draft', label: 'chatbots:actions.status.backToDraft' },
  ],
  paused: [
    { status: 'live', label: 'chatbots:actions.status.resume', primary: true },
    { status: 'draft', label: 'chatbots:actions.status.backToDraft' },
  ],
};

type TChatbot = { id: string; name: string; status: TStatus; publicKey: string };

type TFailure = TSettingsActionData | undefined;

/** The intent being submitted, so only its button says it is working. */
const usePendingIntent = () => {
  const navigation = useNavigation();
  return navigation.state === 'submitting' ? navigation.formData?.get('intent') : null;
};

/** Status, embed key, duplicate, export and delete: the things done to a chatbot rather than set on it. */
export function ChatbotActions({
  chatbot,
  isAdmin,
  result,
}: {
  chatbot: TChatbot;
  isAdmin: boolean;
  result?: TSettingsActionData;
}) {
  const failureFor = (intent: string): TFailure =>
    result && !result.ok && result.intent === intent ? result : undefined;
  return (
    <div className="space-y-8 border-t border-slate-200 pt-8 dark:border-slate-800">
      <StatusForm status={chatbot.status} isAdmin={isAdmin} failure={failureFor('status')} />
      <PublicKeyForm publicKey={chatbot.publicKey} isAdmin={isAdmin} />
      {isAdmin && <CopyForm chatbotId={chatbot.id} failure={failureFor('duplicate')} />}
      {isAdmin && <DeleteForm name={chatbot.name} failure={failureFor('delete')} />}
    </div>
  );
}

function StatusForm({ status, isAdmin, failure }: { status: TStatus; isAdmin: boolean; failure: TFailure }) {
  const { t } = useTranslation();
  const pendingIntent = usePendingIntent();
  return (
    <SettingsSection id="status" title={t('chatbots:actions.status.title')} description={t(STATUS_HELP[status])}>
      <p className="flex items-center gap-2 text-sm text-slate-700 dark:text-slate-300">
        {t('chatbots:actions.status.currently')} <StatusBadge status={status} />
      </p>
      {isAdmin && (
        <>
          <FormMessage message={failure?.message} />
          <div className="flex flex-wrap gap-3">
            {STATUS_MOVES[status].map((move) => (
              <Form method="post" key={move.status}>
                <input type="hidden" name="intent" value="status" />
                <input type="hidden" name="status" value={move.status} />
                <button
                  type="submit"
                  className={move.primary ? buttonPrimary : buttonSecondary}
                  disabled={pendingIntent === 'status'}
                >
                  {t(move.label)}
                </button>
              </Form>
            ))}
          </div>
        </>
      )}
    </SettingsSection>
  );
}

/** A new key breaks every pasted snippet, so it is asked for twice. */
function PublicKeyForm({ publicKey, isAdmin }: { publicKey: string; isAdmin: boolean }) {
  const { t } = useTranslation();
  const pendingIntent = usePendingIntent();
  const [isConfirmingRotate, setIsConfirmingRotate] = useState(false);
  return (
    <SettingsSection
      id="public-key"
      title={t('chatbots:actions.publicKey.title')}
      description={t('chatbots:actions.publicKey.description')}
    >
      <p>
        <code
          data-testid="public-key"
          className="rounded bg-slate-100 px-2 py-1 font-mono text-sm break-all text-slate-800 dark:bg-slate-800 dark:text-slate-200"
        >
          {publicKey}
        </code>
      </p>
      {isAdmin &&
        (isConfirmingRotate ? (
          <Form
            method="post"
            onSubmit={() => setIsConfirmingRotate(false)}
            className="space-y-3 rounded-md bg-amber-50 p-4 ring-1 ring-amber-200 dark:bg-amber-950/40 dark:ring-amber-900"
          >
            <input type="hidden" name="intent" value="rotateKey" />
            <p role="alert" className="text-sm text-amber-900 dark:text-amber-100">
              {t('chatbots:actions.publicKey.confirm')}
            </p>
            <div className="flex flex-wrap gap-3">
              <button type="submit" className={buttonDanger}>
                {t('chatbots:actions.publicKey.confirmButton')}
              </button>
              <button type="button" onClick={() => setIsConfirmingRotate(false)} className={buttonSecondary}>
                {t('common:actions.cancel')}
              </button>
            </div>
          </Form>
        ) : (
          <button
            type="button"
            onClick={() => setIsConfirmingRotate(true)}
            className={buttonSecondary}
            disabled={pendingIntent === 'rotateKey'}
          >
            {pendingIntent === 'rotateKey'
              ? t('chatbots:actions.publicKey.making')
              : t('chatbots:actions.publicKey.make')}
          </button>
        ))}
    </SettingsSection>
  );
}

function CopyForm({ chatbotId, failure }: { chatbotId: string; failure: TFailure }) {
  const { t } = useTranslation();
  const pendingIntent = usePendingIntent();
  return (
    <SettingsSection
      id="copies"
      title={t('chatbots:actions.copies.title')}
      description={t('chatbots:actions.copies.description')}
    >
      <FormMessage message={failure?.message} />
      <div className="flex flex-wrap gap-3">
        <Form method="post">
          <input type="hidden" name="intent" value="duplicate" />
          <button type="submit" className={buttonSecondary} disabled={pendingIntent === 'duplicate'}>
            {pendingIntent === 'duplicate'
              ? t('chatbots:actions.copies.duplicating')
              : t('chatbots:actions.copies.duplicate')}
          </button>
        </Form>
        {/* A plain link: the browser downloads the attachment and the page stays put. */}
        <a href={`/resources/chatbots/${chatbotId}/export`} download className={buttonSecondary}>
          {t('chatbots:actions.copies.export')}
        </a>
      </div>
    </SettingsSection>
  );
}

function DeleteForm({ name, failure }: { name: string; failure: TFailure }) {
  const { t } = useTranslation();
  const pendingIntent = usePendingIntent();
  return (
    <section aria-labelledby="delete-heading" className="rounded-lg p-5 ring-1 ring-red-200 dark:ring-red-900">
      <h2 id="delete-heading" className="text-base font-semibold text-red-800 dark:text-red-300">
        {t('chatbots:actions.delete.heading')}
      </h2>
      <p className="mt-1 text-sm text-slate-700 dark:text-slate-300">
        {/* The name is the owner's own text: it goes in as an element, never through the translation's markup. */}
        <Trans
          i18nKey="chatbots:actions.delete.body"
          components={{ name: <strong className="break-words">{name}</strong> }}
        />
      </p>
      <Form method="post" className="mt-4 max-w-md space-y-4" noValidate>
        <input type="hidden" name="intent" value="delete" />
        <FormMessage message={failure?.fieldErrors.confirmName ? null : failure?.message} />
        <TextField
          label={t('chatbots:actions.delete.nameLabel')}
          name="confirmName"
          autoComplete="off"
          required
          errors={failure?.fieldErrors.confirmName}
        />
        <button type="submit" className={buttonDanger} disabled={pendingIntent === 'delete'}>
          {pendingIntent === 'delete' ? t('chatbots:actions.delete.deleting') : t('chatbots:actions.delete.submit')}
        </button>
      </Form>
    </section>
  );
}
