/**
 * Outgoing mail (invites, password resets). Without SMTP_URL, messages are written to the
 * log so a developer can follow the link; with it, they are sent over SMTP.
 */
import type { Logger } from "./logger.ts";
import { SmtpMailer } from "./mail/smtp_mailer.ts";

export { parseSmtpUrl, SmtpMailer, type SmtpMailerOptions, type SmtpSettings } from "./mail/smtp_mailer.ts";

/** A plain-text message. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends mail. */
export interface Mailer {
  readonly kind: "log" | "smtp";
  send(mail: Mail): Promise<void>;
}

/** Writes mail to the log (development default). */
export class LogMailer implements Mailer {
  readonly kind = "log" as const;
  readonly sent: Mail[] = [];
  constructor(private readonly logger: Logger) {}
  send(mail: Mail): Promise<void> {
    this.sent.push(mail);
    if (this.sent.length > 100) this.sent.shift();
    this.logger.info("mail (not sent: SMTP_URL is unset)", { to: mail.to, subject: mail.subject, text: mail.text });
    return Promise.resolve();
  }
}

/**
 * The app's mailer: an {@link SmtpMailer} when `smtpUrl` (SMTP_URL) is set, else a
 * {@link LogMailer}. Throws "Cannot use SMTP_URL: …" for a URL it cannot use.
 */
export function createMailer(smtpUrl: string | undefined, logger: Logger): Mailer {
  return smtpUrl ? new SmtpMailer(smtpUrl, logger) : new LogMailer(logger);
}
