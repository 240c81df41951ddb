/**
 * Sends mail over SMTP with nodemailer, configured from SMTP_URL.
 *
 * TLS: `smtps://` (port 465 by default) speaks TLS from the first byte; `smtp://` (port 587 by
 * default) upgrades with STARTTLS whenever the server offers it, nodemailer's default, and a
 * failed upgrade is an error. Certificates are always verified. A server that does not offer
 * STARTTLS (a local relay, a mail catcher, the test sink) is spoken to in plain text.
 */
import nodemailer, { type SMTPTransportOptions, type Transporter } from "nodemailer";
import type { Mail, Mailer } from "../mail.ts";
import type { Logger } from "../logger.ts";

/** What SMTP_URL says, parsed. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** TLS from the start (`smtps://`). */
  secure: boolean;
  auth?: { user: string; pass: string };
  /** The From header: the `from` query parameter, or `LedgerFlow <no-reply@HOST>`. */
  from: string;
}

/** Limits of {@link SmtpMailer}; the defaults suit production. */
export interface SmtpMailerOptions {
  /** Time to resolve, connect and receive the greeting, in milliseconds (default 10 000). */
  connectionTimeoutMs?: number;
  /** Time one `send` may take in all, in milliseconds (default 30 000). */
  totalTimeoutMs?: number;
}

/**
 * Parses an SMTP URL: `smtp[s]://[user[:pass]@]host[:port][?from=address]`. User and password
 * are percent-decoded. `from` (percent-encoded, e.g. `?from=books%40firm.com` or
 * `?from=Books%20%3Cbooks%40firm.com%3E`) is the only query parameter; without it the sender is
 * `LedgerFlow <no-reply@HOST>`. Errors never repeat the URL, which may hold a password.
 */
export function parseSmtpUrl(smtpUrl: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new Error("Cannot use SMTP_URL: it is not a valid URL");
  }
  const secure = url.protocol === "smtps:";
  if (!secure && url.protocol !== "smtp:") {
    throw new Error("Cannot use SMTP_URL: it must start with smtp:// or smtps://");
  }
  if (!url.hostname) throw new Error("Cannot use SMTP_URL: it has no host");
  for (const key of url.searchParams.keys()) {
    if (key !== "from") throw new Error(`Cannot use SMTP_URL: unknown parameter "${key}" (only "from" is read)`);
  }
  const from = url.searchParams.get("from") ?? `LedgerFlow <no-reply@${url.hostname}>`;
  if (!from.includes("@") || /[\r\n]/.test(from)) {
    throw new Error("Cannot use SMTP_URL: the from parameter must be an email address");
  }
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    auth: user || pass ? { user, pass } : undefined,
    from,
  };
}

/**
 * Sends each message on its own SMTP connection (see the module comment for TLS). `send`
 * resolves once the server accepted the message and rejects with
 * `Error("Cannot send mail to <to>: <reason>")` otherwise; the reason never holds credentials.
 */
export class SmtpMailer implements Mailer {
  readonly kind = "smtp" as const;
  /** The From header of every message. */
  readonly from: string;
  readonly #transport: Transporter;
  readonly #server: string;
  readonly #password: string;
  readonly #totalTimeoutMs: number;

  /** Creates the transport; nothing connects until the first `send`. */
  constructor(smtpUrl: string, private readonly logger: Logger, options: SmtpMailerOptions = {}) {
    const settings = parseSmtpUrl(smtpUrl);
    const connectMs = options.connectionTimeoutMs ?? 10_000;
    this.#totalTimeoutMs = options.totalTimeoutMs ?? 30_000;
    this.from = settings.from;
    this.#server = `${settings.host}:${settings.port}`;
    this.#password = settings.auth?.pass ?? "";
    const transportOptions: SMTPTransportOptions = {
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      auth: settings.auth,
      connectionTimeout: connectMs,
      greetingTimeout: connectMs,
      dnsTimeout: connectMs,
      socketTimeout: this.#totalTimeoutMs,
      logger: false,
    };
    this.#transport = nodemailer.createTransport(transportOptions);
  }

  /** Sends `mail`; see the class comment for how it settles. */
  async send(mail: Mail): Promise<void> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.#totalTimeoutMs);
    try {
      const info = await this.#transport.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        signal: abort.signal,
      });
      this.logger.info("mail sent", { to: mail.to, subject: mail.subject, message_id: info.messageId });
    } catch (error) {
      const reason = abort.signal.aborted
        ? `${this.#server} did not finish within ${this.#totalTimeoutMs / 1000} s`
        : this.#reason(error);
      throw new Error(`Cannot send mail to ${mail.to}: ${reason}`);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Releases the transport (it holds no connection between sends). */
  close(): void {
    this.#transport.close();
  }

  #reason(error: unknown): string {
    const e = error as { code?: string; response?: string; message?: string };
    let reason: string;
    if (e.code === "EENVELOPE" || e.code === "EMESSAGE") reason = `the server refused it: ${e.response ?? e.message}`;
    else if (e.code === "EAUTH") reason = `the server refused the login: ${e.response ?? e.message}`;
    else if (e.code === "ETLS") reason = `the TLS handshake with ${this.#server} failed: ${e.response ?? e.message}`;
    else if (e.code === "ETIMEDOUT") reason = `no answer from ${this.#server} in time (${e.message})`;
    else if (e.code === "ECONNECTION" || e.code === "ESOCKET" || e.code === "EDNS") {
      reason = `cannot talk to ${this.#server} (${e.message})`;
    } else reason = e.response ?? e.message ?? String(error);
    return this.#password ? reason.replaceAll(this.#password, "***") : reason;
  }
}
