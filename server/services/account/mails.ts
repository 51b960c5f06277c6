import { appUrl, type TEnv } from '../../env';
import type { TMailDraft } from '../mail/templates';
import { linkExpiry, type TTokenPurpose } from './link-tokens';

/** A mail whose link expires with its token: the local outbox drops the body then. */
const expiring = (purpose: TTokenPurpose, draft: TMailDraft): TMailDraft => ({
  ...draft,
  linksExpireAt: linkExpiry(purpose),
});

/**
 * The e-mails accounts send, as drafts queueMail writes in the recipient's
 * language. Links carry the raw token; only its hash is in the database.
 */
export const authMails = {
  verifyEmail: (env: TEnv, options: { to: string; name: string; token: string }) =>
    expiring('verify_email', {
      to: options.to,
      subject: 'mail:verifyEmail.subject',
      heading: { key: 'mail:verifyEmail.heading', values: { name: options.name } },
      paragraphs: ['mail:verifyEmail.body'],
      action: { label: 'mail:verifyEmail.action', url: `${appUrl(env)}/verify-email?token=${options.token}` },
      footer: 'mail:verifyEmail.footer',
    }),

  signInLink: (env: TEnv, options: { to: string; token: string }) =>
    expiring('sign_in', {
      to: options.to,
      subject: 'mail:signInLink.subject',
      heading: 'mail:signInLink.heading',
      paragraphs: ['mail:signInLink.body'],
      action: { label: 'mail:signInLink.action', url: `${appUrl(env)}/sign-in-link?token=${options.token}` },
      footer: 'mail:signInLink.footer',
    }),

  alreadyRegistered: (env: TEnv, options: { to: string }): TMailDraft => ({
    to: options.to,
    subject: 'mail:alreadyRegistered.subject',
    heading: 'mail:alreadyRegistered.heading',
    paragraphs: ['mail:alreadyRegistered.body', 'mail:alreadyRegistered.hint'],
    action: { label: 'mail:alreadyRegistered.action', url: `${appUrl(env)}/login` },
    footer: 'mail:alreadyRegistered.footer',
  }),

  resetPassword: (env: TEnv, options: { to: string; token: string }) =>
    expiring('reset_password', {
      to: options.to,
      subject: 'mail:resetPassword.subject',
      heading: 'mail:resetPassword.heading',
      paragraphs: ['mail:resetPassword.body'],
      action: { label: 'mail:resetPassword.action', url: `${appUrl(env)}/reset-password?token=${options.token}` },
      footer: 'mail:resetPassword.footer',
    }),

  /** To an address with no account yet: written in the language of the person asking (the request's). */
  confirmEmailChange: (env: TEnv, options: { to: string; token: string }) =>
    expiring('change_email', {
      to: options.to,
      subject: 'mail:confirmEmailChange.subject',
      heading: 'mail:confirmEmailChange.heading',
      paragraphs: ['mail:confirmEmailChange.body'],
      action: { label: 'mail:confirmEmailChange.action', url: `${appUrl(env)}/confirm-email?token=${options.token}` },
      footer: 'mail:confirmEmailChange.footer',
    }),

  emailInUse: (env: TEnv, options: { to: string }): TMailDraft => ({
    to: options.to,
    subject: 'mail:emailInUse.subject',
    heading: 'mail:emailInUse.heading',
    paragraphs: ['mail:emailInUse.body'],
    action: { label: 'mail:emailInUse.action', url: `${appUrl(env)}/login` },
  }),

  emailChanged: (env: TEnv, options: { to: string; newEmail: string }): TMailDraft => ({
    to: options.to,
    subject: 'mail:emailChanged.subject',
    heading: 'mail:emailChanged.heading',
    paragraphs: [{ key: 'mail:emailChanged.body', values: { newEmail: options.newEmail } }, 'mail:emailChanged.hint'],
    action: { label: 'mail:emailChanged.action', url: `${appUrl(env)}/login` },
  }),
};
