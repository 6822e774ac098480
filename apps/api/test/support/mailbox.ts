import { SMTPServer } from 'smtp-server';

/**
 * A local SMTP server that keeps every message it accepts, for the reminder e-mail tests. Set
 * `failing` to refuse messages (a mailbox that is unavailable) until it is cleared.
 *
 * @example
 * const mailbox = await startMailbox();
 * const engine = await startTestEngine({ env: { SMTP_URL: mailbox.url } });
 * expect(mailbox.mails.some((m) => m.includes('can-bo@khuyencong.vn'))).toBe(true);
 */
export interface Mailbox {
  readonly url: string;
  readonly mails: string[];
  failing: boolean;
  close(): Promise<void>;
}

export async function startMailbox(): Promise<Mailbox> {
  const mailbox = { mails: [] as string[], failing: false };
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      let data = '';
      stream.on('data', (c: Buffer) => (data += c.toString('utf8')));
      stream.on('end', () => {
        if (mailbox.failing) return callback(new Error('mailbox unavailable'));
        mailbox.mails.push(data);
        callback();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
  const url = `smtp://127.0.0.1:${(smtp.server.address() as { port: number }).port}`;
  return Object.assign(mailbox, { url, close: () => new Promise<void>((r) => smtp.close(() => r())) });
}
