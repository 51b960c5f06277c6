import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, messages, users, visitors } from '../../../db/schema';
import { createTestTeam } from '../../../tests/factories/workspaces';
import { createTestApp, type TTestApp } from '../../../tests/helpers/app';
import { createLiveChatbot } from '../../../tests/helpers/widget';
import { presenceFor } from './presence';
import { sendReplyMail } from './reply-mail';

let h: TTestApp;
let team: Awaited<ReturnType<typeof createTestTeam>>;
let bot: Awaited<ReturnType<typeof createLiveChatbot>>;

beforeAll(async () => {
  h = await createTestApp();
  team = await createTestTeam(h.db, { name: 'Acme' });
  await h.db.update(users).set({ name: 'Agnes Agent' }).where(eq(users.id, team.agent.id));
  team.agent.name = 'Agnes Agent';
  bot = await createLiveChatbot(h.db, { workspaceId: team.workspace.id, name: 'Shoe Help' });
});
afterAll(async () => {
  presenceFor(h.bus).close();
  await h.close();
});

const inboxOf = async (user: { id: string; email: string; name: string }) => (await h.as(user as never)).inbox;

describe('asking for a person when nobody is online', () => {
  it('says so honestly, takes an address, and e-mails the reply with the transcript once', async () => {
    const { widget } = await h.newVisitor(bot.publicKey);
    const question = await widget.send({ content: 'Can I change my delivery address?', clientId: 'away-message-1' });
    await expect(widget.leaveEmail({ email: 'ana@example.com', wantsTranscript: true })).toFailWith({
      code: 'BAD_REQUEST',
    });

    const pending = await widget.requestHuman();
    expect(pending).toMatchObject({ status: 'pending', isEmailOffered: true, replyEmail: null });
    const notices = (await widget.history()).messages.filter((m) => m.role === 'system');
    expect(notices).toHaveLength(1);
    // The test visitor's browser speaks de-CH: the notice is stored as the widget said it, in German.
    expect(notices[0]!.content).toMatch(/Gerade ist niemand aus dem Team online/);
    expect(notices[0]!.content).toMatch(/E-Mail-Adresse/);

    await expect(widget.leaveEmail({ email: 'not an address', wantsTranscript: true })).rejects.toThrow(
      /Enter an e-mail address like name@example\.com\./,
    );
    const left = await widget.leaveEmail({ email: ' Ana@Example.com ', wantsTranscript: true });
    expect(left).toMatchObject({ isEmailOffered: true, replyEmail: 'ana@example.com' });
    const [visitor] = await h.db
      .select()
      .from(visitors)
      .where(
        eq(
          visitors.id,
          (await h.db.select().from(conversations).where(eq(conversations.id, question.conversationId)))[0]!.visitorId,
        ),
      );
    expect(visitor!.email).toBe('ana@example.com');

    const agent = await inboxOf(team.agent);
    const ref = { workspaceId: team.workspace.id, conversationId: question.conversationId };
    const reply = await agent.reply({ ...ref, content: 'Yes, until it ships.', clientId: 'away-reply-1' });
    // The inbox shows that the reply went by e-mail, and the mail job is queued.
    expect(reply.emailedTo).toBe('ana@example.com');
    const job = h.sent.find((s) => s.name === 'inbox.reply-mail');
    expect(job?.data).toEqual({ messageId: reply.id });

    expect(await sendReplyMail({ db: h.db, jobs: h.jobs, env: h.env }, { messageId: reply.id })).toEqual({
      sent: true,
      withTranscript: true,
    });
    const mail = (await h.mail.last('ana@example.com'))!;
    // Written in the visitor's browser language (de-CH); their own words and the team's stay as written.
    expect(mail.subject).toBe('Agnes Agent hat auf Ihren Chat mit Shoe Help geantwortet');
    expect(mail.text).toContain('Yes, until it ships.');
    expect(mail.text).toContain('Sie: Can I change my delivery address?');

    // A second reply goes by e-mail too, without the transcript again.
    const second = await agent.reply({ ...ref, content: 'Just write here.', clientId: 'away-reply-2' });
    expect(await sendReplyMail({ db: h.db, jobs: h.jobs, env: h.env }, { messageId: second.id })).toEqual({
      sent: true,
      withTranscript: false,
    });
    expect((await h.mail.to('ana@example.com')).length).toBe(2);
  });

  it('asks for no address while someone on the team is online, and sends no reply by e-mail', async () => {
    await (await inboxOf(team.agent)).heartbeat({ workspaceId: team.workspace.id, viewing: null });
    const { widget } = await h.newVisitor(bot.publicKey);
    const question = await widget.send({ content: 'Hello, anyone?', clientId: 'online-1' });
    expect(await widget.requestHuman()).toMatchObject({ status: 'pending', isEmailOffered: false });
    const [notice] = (await widget.history()).messages.filter((m) => m.role === 'system');
    expect(notice!.content).toMatch(/Jemand aus dem Team antwortet hier/);
    const reply = await (
      await inboxOf(team.agent)
    ).reply({
      workspaceId: team.workspace.id,
      conversationId: question.conversationId,
      content: 'Hi!',
      clientId: 'online-reply-1',
    });
    expect(reply.emailedTo).toBeNull();
    const [stored] = await h.db.select().from(messages).where(eq(messages.id, reply.id));
    expect(await sendReplyMail({ db: h.db, jobs: h.jobs, env: h.env }, { messageId: stored!.id })).toEqual({
      sent: false,
    });
  });
});
