import nodemailer, { Transporter } from 'nodemailer';

/** Sends one e-mail; throws when the server refuses or cannot be reached. */
export interface Mailer {
  send(message: { to: readonly string[]; subject: string; text: string }): Promise<void>;
  close(): void;
}

/**
 * The SMTP channel (`SMTP_URL`, e.g. `smtp://user:pass@mail.example:587`), with short timeouts so
 * a dead server fails the attempt (and the queue retries) instead of holding a worker.
 *
 * @example
 * const mailer = smtpMailer('smtp://127.0.0.1:2525', 'nhac-viec@khuyencong.vn');
 */
export function smtpMailer(url: string, from: string): Mailer {
  const parsed = new URL(url);
  const transport: Transporter = nodemailer.createTransport({
    host: parsed.hostname,
    port: Number(parsed.port || (parsed.protocol === 'smtps:' ? 465 : 587)),
    secure: parsed.protocol === 'smtps:',
    ...(parsed.username ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } } : {}),
    // A dead server fails the attempt (and the queue retries) instead of holding a worker.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(message) {
      await transport.sendMail({ from, to: [...message.to], subject: message.subject, text: message.text });
    },
    close() {
      transport.close();
    },
  };
}
