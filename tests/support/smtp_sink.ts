/**
 * A test-only SMTP server on 127.0.0.1 (a free port) that records what it receives, so the
 * SMTP mailer can be tested against real sockets without a mail server.
 *
 * It speaks plain SMTP only (no STARTTLS is advertised): 220 greeting; EHLO/HELO → 250 with
 * SIZE, 8BITMIME and AUTH PLAIN LOGIN; AUTH → 235 for any credentials (recorded);
 * MAIL FROM / RCPT TO → 250 (or 550 for a rejected recipient); DATA → 354, then the message up
 * to "\r\n.\r\n" (dot-unstuffed) → 250; RSET/NOOP → 250; QUIT → 221 and the connection closes.
 */

/** One accepted message. */
export interface SinkMessage {
  from: string;
  to: string[];
  /** The raw message (headers and body) as sent after DATA, dot-unstuffed, CRLF line ends. */
  data: string;
  /** The credentials the client logged in with, if it did. */
  auth?: { method: string; user: string; pass: string };
}

/** A running sink; `close` stops listening and ends open connections. */
export interface SmtpSink {
  port: number;
  messages: SinkMessage[];
  /** Answers `RCPT TO:<addr>` with 550 from now on. */
  rejectRecipient(addr: string): void;
  close(): Promise<void>;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Starts a sink on 127.0.0.1 with a port chosen by the system. */
export function startSmtpSink(): Promise<SmtpSink> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const messages: SinkMessage[] = [];
  const rejected = new Set<string>();
  const connections = new Set<Deno.Conn>();
  const sessions = new Set<Promise<void>>();

  const accepting = (async () => {
    for await (const conn of listener) {
      connections.add(conn);
      const session = serve(conn, messages, rejected)
        .catch(() => {}) // a client that goes away mid-session is not the sink's problem
        .finally(() => {
          connections.delete(conn);
          sessions.delete(session);
          try {
            conn.close();
          } catch { /* already closed */ }
        });
      sessions.add(session);
    }
  })().catch(() => {});

  return Promise.resolve({
    port: (listener.addr as Deno.NetAddr).port,
    messages,
    rejectRecipient: (addr) => void rejected.add(addr.toLowerCase()),
    async close() {
      listener.close();
      await accepting;
      for (const conn of connections) {
        try {
          conn.close();
        } catch { /* already closed */ }
      }
      await Promise.all(sessions);
    },
  });
}

/** Reads CRLF-terminated lines from a connection. */
async function* lines(conn: Deno.Conn): AsyncGenerator<string> {
  let buffer = "";
  const chunk = new Uint8Array(16 * 1024);
  for (;;) {
    const n = await conn.read(chunk);
    if (n === null) return;
    buffer += decoder.decode(chunk.subarray(0, n), { stream: true });
    let end;
    while ((end = buffer.indexOf("\r\n")) >= 0) {
      yield buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
    }
  }
}

/** The address inside `<…>` of a MAIL FROM / RCPT TO argument. */
function address(arg: string): string {
  return /<([^>]*)>/.exec(arg)?.[1] ?? arg.trim();
}

function fromBase64(value: string): string {
  return decoder.decode(Uint8Array.from(atob(value), (c) => c.charCodeAt(0)));
}

/** Decodes the SASL PLAIN response "authzid\0user\0pass". */
function plainCredentials(value: string): { user: string; pass: string } {
  const [, user = "", pass = ""] = fromBase64(value).split("\0");
  return { user, pass };
}

async function serve(conn: Deno.Conn, messages: SinkMessage[], rejected: Set<string>): Promise<void> {
  const reply = async (line: string) => {
    let bytes = encoder.encode(`${line}\r\n`);
    while (bytes.length > 0) bytes = bytes.subarray(await conn.write(bytes));
  };
  await reply("220 127.0.0.1 ESMTP LedgerFlow test sink");

  let from: string | undefined;
  let to: string[] = [];
  let auth: SinkMessage["auth"];
  let data: string[] | undefined; // set while reading DATA
  let login: { step: "user" | "pass"; user?: string } | undefined; // AUTH LOGIN in progress
  let plainPending = false; // AUTH PLAIN without an initial response

  for await (const line of lines(conn)) {
    if (data) {
      if (line === ".") {
        messages.push({ from: from ?? "", to, data: data.join("\r\n") + "\r\n", auth });
        data = undefined;
        from = undefined;
        to = [];
        await reply("250 2.0.0 Ok: queued");
      } else {
        data.push(line.startsWith(".") ? line.slice(1) : line);
      }
      continue;
    }
    if (plainPending) {
      plainPending = false;
      auth = { method: "PLAIN", ...plainCredentials(line) };
      await reply("235 2.7.0 Authentication successful");
      continue;
    }
    if (login) {
      if (login.step === "user") {
        login = { step: "pass", user: fromBase64(line) };
        await reply(`334 ${btoa("Password:")}`);
      } else {
        auth = { method: "LOGIN", user: login.user ?? "", pass: fromBase64(line) };
        login = undefined;
        await reply("235 2.7.0 Authentication successful");
      }
      continue;
    }

    const [verb = "", ...rest] = line.split(" ");
    const arg = rest.join(" ");
    switch (verb.toUpperCase()) {
      case "EHLO":
        await reply("250-127.0.0.1 greets you");
        await reply("250-SIZE 10485760");
        await reply("250-8BITMIME");
        await reply("250 AUTH PLAIN LOGIN");
        break;
      case "HELO":
        await reply("250 127.0.0.1");
        break;
      case "AUTH": {
        const [method = "", initial] = arg.split(" ");
        if (method.toUpperCase() === "PLAIN") {
          if (initial) {
            auth = { method: "PLAIN", ...plainCredentials(initial) };
            await reply("235 2.7.0 Authentication successful");
          } else {
            plainPending = true;
            await reply("334 ");
          }
        } else if (method.toUpperCase() === "LOGIN") {
          login = { step: "user" };
          await reply(`334 ${btoa("Username:")}`);
        } else {
          await reply("504 5.5.4 Unrecognized authentication type");
        }
        break;
      }
      case "MAIL":
        from = address(arg.replace(/^FROM:/i, ""));
        to = [];
        await reply("250 2.1.0 Ok");
        break;
      case "RCPT": {
        const rcpt = address(arg.replace(/^TO:/i, ""));
        if (rejected.has(rcpt.toLowerCase())) {
          await reply(`550 5.1.1 <${rcpt}>: Recipient address rejected: User unknown`);
        } else {
          to.push(rcpt);
          await reply("250 2.1.5 Ok");
        }
        break;
      }
      case "DATA":
        if (from === undefined || to.length === 0) {
          await reply("554 5.5.1 Error: no valid recipients");
        } else {
          data = [];
          await reply("354 End data with <CR><LF>.<CR><LF>");
        }
        break;
      case "RSET":
        from = undefined;
        to = [];
        await reply("250 2.0.0 Ok");
        break;
      case "NOOP":
        await reply("250 2.0.0 Ok");
        break;
      case "QUIT":
        await reply("221 2.0.0 Bye");
        return;
      default:
        await reply("502 5.5.2 Error: command not recognized");
    }
  }
}
