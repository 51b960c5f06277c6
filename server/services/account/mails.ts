import { appUrl, type TEnv } from '../../env';
import type { TMailMessage } from '../mail/send';
import { renderMail } from '../mail/templates';
import { linkExpiry, type TTokenPurpose } from './link-tokens';

/** A mail whose link expires with its token: the local outbox drops the body then. */
const expiring = (purpose: TTokenPurpose, message: TMailMessage): TMailMessage => ({
  ...message,
  linksExpireAt: linkExpiry(purpose),
});

/** The e-mails accounts send. Links carry the raw token; only its hash is in the database. */
export const authMails = {
  verifyEmail: (env: TEnv, options: { to: string; name: string; token: string }) =>
    expiring(
      'verify_email',
      renderMail({
        to: options.to,
        subject: 'Confirm your e-mail address for Parley',
        heading: `Welcome to Parley, ${options.name}`,
        paragraphs: [
          'Confirm that this is your e-mail address to finish setting up your account. The link opens a page where you confirm, and logs you in.',
        ],
        action: { label: 'Confirm my e-mail address', url: `${appUrl(env)}/verify-email?token=${options.token}` },
        footer: 'The link works once and expires in 48 hours. If you did not sign up for Parley, ignore this e-mail.',
      }),
    ),

  signInLink: (env: TEnv, options: { to: string; token: string }) =>
    expiring(
      'sign_in',
      renderMail({
        to: options.to,
        subject: 'Your Parley sign-in link',
        heading: 'Sign in to Parley',
        paragraphs: [
          'Someone asked for a sign-in link for the Parley account of this e-mail address, after too many failed log-ins.',
        ],
        action: { label: 'Sign in', url: `${appUrl(env)}/sign-in-link?token=${options.token}` },
        footer:
          'The link works once and expires in 15 minutes. If you did not ask for it, ignore this e-mail: nobody can use it without access to your mailbox.',
      }),
    ),

  alreadyRegistered: (env: TEnv, options: { to: string }) =>
    renderMail({
      to: options.to,
      subject: 'Someone tried to sign up to Parley with your e-mail address',
      heading: 'You already have a Parley account',
      paragraphs: [
        'Someone (probably you) tried to create a new Parley account with this e-mail address, which already has one. No new account was created.',
        'If it was you, log in instead. Forgot your password? You can reset it from the log-in page.',
      ],
      action: { label: 'Log in', url: `${appUrl(env)}/login` },
      footer: 'If it was not you, ignore this e-mail; nothing has changed.',
    }),

  resetPassword: (env: TEnv, options: { to: string; token: string }) =>
    expiring(
      'reset_password',
      renderMail({
        to: options.to,
        subject: 'Reset your Parley password',
        heading: 'Reset your password',
        paragraphs: ['Someone asked to reset the password of the Parley account for this e-mail address.'],
        action: { label: 'Choose a new password', url: `${appUrl(env)}/reset-password?token=${options.token}` },
        footer: 'The link works once and expires in 1 hour. If you did not ask for it, ignore this e-mail.',
      }),
    ),

  confirmEmailChange: (env: TEnv, options: { to: string; token: string }) =>
    expiring(
      'change_email',
      renderMail({
        to: options.to,
        subject: 'Confirm your new e-mail address for Parley',
        heading: 'Confirm your new e-mail address',
        paragraphs: ['Your Parley account will use this address once you confirm it.'],
        action: { label: 'Use this e-mail address', url: `${appUrl(env)}/confirm-email?token=${options.token}` },
        footer: 'The link works once and expires in 24 hours. If you did not ask for this, ignore this e-mail.',
      }),
    ),

  emailInUse: (env: TEnv, options: { to: string }) =>
    renderMail({
      to: options.to,
      subject: 'Your e-mail address was offered for another Parley account',
      heading: 'This address already has a Parley account',
      paragraphs: [
        'Someone asked to move another Parley account to this e-mail address. It already belongs to an account, so nothing was changed.',
      ],
      action: { label: 'Log in', url: `${appUrl(env)}/login` },
    }),

  emailChanged: (env: TEnv, options: { to: string; newEmail: string }) =>
    renderMail({
      to: options.to,
      subject: 'Your Parley e-mail address was changed',
      heading: 'Your e-mail address was changed',
      paragraphs: [
        `Your Parley account now uses ${options.newEmail}. Mail about it will go there from now on.`,
        'If you did not make this change, reset your password and contact your Parley administrator.',
      ],
      action: { label: 'Open Parley', url: `${appUrl(env)}/login` },
    }),
};
