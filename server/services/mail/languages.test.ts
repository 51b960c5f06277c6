import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPreferences, users } from '../../../db/schema';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createLoginUser } from '../../../tests/factories/users';
import { createTestApp, failureOf, type TTestApp } from '../../../tests/helpers/app';
import { fieldErrorsOf } from '../../../shared/field-errors';
import { queueMail } from './send';
import { renderMail, type TMailDraft } from './templates';

let h: TTestApp;
beforeAll(async () => {
  h = await createTestApp({ env: { APP_URL: 'http://parley.test' } });
});
afterAll(() => h.close());

let counter = 0;
const freshEmail = () => `lang-${++counter}-${Date.now()}@example.test`;

describe('e-mails in the recipient’s language', () => {
  it('writes a Spanish-speaking sign-up’s confirmation in Spanish, and keeps Spanish as their language', async () => {
    const email = freshEmail();
    const { caller } = await h.request({ headers: { 'accept-language': 'es-ES,es;q=0.9,en;q=0.5' } });
    await caller.account.register({ name: 'Lucía', email, password: 'a sturdy passphrase 42' });
    const mail = await h.mail.last(email);
    expect(mail?.subject).toBe('Confirma tu dirección de correo para Parley');
    expect(mail?.text).toContain('Te damos la bienvenida a Parley, Lucía');
    expect(mail?.text).toContain('Confirmar mi correo: http://parley.test/verify-email?token=');
    expect(mail?.html).toContain('<html lang="es">');
    const [user] = await h.db.select({ preferences: users.preferences }).from(users).where(eq(users.email, email));
    expect(user?.preferences.language).toBe('es');
  });

  it('follows the account’s preference, not the language of whoever triggered the mail', async () => {
    const german = await createLoginUser(h.db, { email: freshEmail() });
    await h.db
      .update(users)
      .set({ preferences: { ...defaultPreferences, language: 'de' } })
      .where(eq(users.id, german.id));
    const stranger = await h.anonymous({ headers: { 'accept-language': 'fr' } });
    await stranger.account.requestPasswordReset({ email: german.email });
    const mail = await h.mail.last(german.email);
    expect(mail?.subject).toBe('Setzen Sie Ihr Parley-Passwort zurück');
    expect(mail?.text).toContain('Neues Passwort wählen: http://parley.test/reset-password?token=');
  });

  it('writes to someone without an account in the sender’s language', async () => {
    const { workspace, admin } = await createTestTeam(h.db, { name: 'Atelier' });
    const invitee = freshEmail();
    await (
      await h.as(admin, { locale: 'fr' })
    ).workspace.invite({ workspaceId: workspace.id, email: invitee, role: 'agent' });
    const mail = await h.mail.last(invitee);
    expect(mail?.subject).toBe(`${admin.name} vous a invité à rejoindre Atelier sur Parley`);
    expect(mail?.text).toContain('« Atelier » en tant qu’agent.');
  });

  it('never translates what a person wrote, even if it looks like a key', async () => {
    const to = freshEmail();
    await queueMail(
      { db: h.db, jobs: h.jobs, env: h.env },
      {
        to,
        language: 'de',
        subject: 'mail:reply.transcript',
        heading: { raw: 'mail:reply.transcript' },
        paragraphs: [{ raw: '<b>Hallo</b>' }],
      },
    );
    const mail = await h.mail.last(to);
    expect(mail?.subject).toBe('Ihre bisherige Unterhaltung:');
    expect(mail?.text).toContain('mail:reply.transcript');
    expect(mail?.html).toContain('&lt;b&gt;Hallo&lt;/b&gt;');
  });

  it('formats moments the reader’s way', () => {
    const since = new Date('2026-03-04T05:06:00Z');
    const draft: TMailDraft = {
      to: 'x@example.test',
      subject: 'mail:webhookDisabled.heading',
      heading: 'mail:webhookDisabled.heading',
      paragraphs: [
        {
          key: 'mail:webhookDisabled.body',
          values: {
            url: 'https://hooks.example',
            since,
            formatParams: { since: { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' } },
          },
        },
      ],
    };
    expect(renderMail(draft, 'de').text).toContain('seit 4. März 2026 um 05:06 UTC');
    expect(renderMail(draft, 'en').text).toContain('since March 4, 2026 at 5:06 AM UTC');
  });
});

describe('refusals in the request’s language', () => {
  it('translates zod’s own checks and the line above the form', async () => {
    const caller = await h.anonymous({ headers: { 'accept-language': 'de' } });
    const failure = await failureOf(caller.account.register({ name: 'X', email: 'not-an-address', password: 'short' }));
    expect(failure.code).toBe('BAD_REQUEST');
    const fields = fieldErrorsOf(failure.cause)!;
    expect(Object.keys(fields)).toContain('email');
    expect(JSON.stringify(fields)).not.toMatch(/Invalid|Too small|Enter/);
    expect((failure.cause as { fixFieldsMessage?: string }).fixFieldsMessage).toBe(
      'Bitte korrigieren Sie die markierten Felder.',
    );
  });
});
