import nodemailer from 'nodemailer';
import { startMailbox, type RunningMailbox } from './mailbox-server';
import type { ReceivedMessage } from './mailbox-store';

describe('local mailbox', () => {
  let mailbox: RunningMailbox;

  beforeAll(async () => {
    mailbox = await startMailbox({ smtpPort: 0, httpPort: 0 });
  });
  afterAll(() => mailbox.close());

  const send = (to: string, subject: string) =>
    nodemailer.createTransport({ url: mailbox.smtpUrl }).sendMail({
      from: 'IDaaS <no-reply@idaas.local>',
      to,
      subject,
      text: 'Open https://example.com/a?b=1 now',
      html: '<p>Hello <b>there</b></p><script>alert(1)</script>',
      messageId: `<${subject}@idaas.local>`,
    });

  it('keeps what arrives over SMTP and serves it as JSON, filtered by recipient', async () => {
    await send('Ada@Example.com', 'first');
    await send('bob@example.com', '<second>');
    const all = (await (await fetch(`${mailbox.httpUrl}/api/messages`)).json()) as ReceivedMessage[];
    expect(all.map((m) => m.subject)).toEqual(['first', '<second>']);
    const forAda = (await (
      await fetch(`${mailbox.httpUrl}/api/messages?to=ada@example.com`)
    ).json()) as ReceivedMessage[];
    expect(forAda).toHaveLength(1);
    expect(forAda[0]).toMatchObject({
      from: 'no-reply@idaas.local',
      subject: 'first',
      messageId: '<first@idaas.local>',
      headers: { 'message-id': '<first@idaas.local>' },
    });
    expect(forAda[0]!.text).toContain('https://example.com/a?b=1');
    expect(forAda[0]!.html).toContain('<b>there</b>');
    const one = await fetch(`${mailbox.httpUrl}/api/messages/${forAda[0]!.id}`);
    expect(one.status).toBe(200);
    expect((await fetch(`${mailbox.httpUrl}/api/messages/nope`)).status).toBe(404);
  });

  it('shows an inbox page with subjects escaped and text links clickable', async () => {
    const page = await (await fetch(`${mailbox.httpUrl}/`)).text();
    expect(page).toContain('&lt;second&gt;');
    expect(page).not.toContain('<second>');
    const [first] = mailbox.store.list('ada@example.com');
    const detail = await (await fetch(`${mailbox.httpUrl}/messages/${first!.id}`)).text();
    expect(detail).toContain('<a href="https://example.com/a?b=1"');
    // The HTML part sits inside a sandboxed srcdoc, escaped: its script never reaches the page.
    expect(detail).not.toContain('<script>');
  });

  it('empties on DELETE', async () => {
    expect((await fetch(`${mailbox.httpUrl}/api/messages`, { method: 'DELETE' })).status).toBe(204);
    expect(await (await fetch(`${mailbox.httpUrl}/api/messages`)).json()).toEqual([]);
  });
});
