import { assert, assertEquals, assertMatch, assertStringIncludes } from "../tests/support/assert.ts";
import { startSmtpSink } from "../tests/support/smtp_sink.ts";
import { createLogger } from "./logger.ts";
import { createMailer, LogMailer, parseSmtpUrl, SmtpMailer } from "./mail.ts";

const lines: string[] = [];
const logger = createLogger("info", (_level, line) => void lines.push(line));

/** Sends through an SmtpMailer that is closed afterwards, returning the error if any. */
async function sendVia(mailer: SmtpMailer, to: string): Promise<Error | undefined> {
  try {
    await mailer.send({ to, subject: "Reset your password", text: "Open https://ledger.example.com/r/abc" });
  } catch (error) {
    return error as Error;
  } finally {
    mailer.close();
  }
}

/** A TCP server that accepts connections and never says a word. */
function startSilentServer() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) conns.push(conn);
  })().catch(() => {});
  return {
    port: (listener.addr as Deno.NetAddr).port,
    async close() {
      listener.close();
      await accepting;
      for (const conn of conns) conn.close();
    },
  };
}

Deno.test("SmtpMailer delivers the message with the URL's credentials", async () => {
  const sink = await startSmtpSink();
  try {
    const mailer = new SmtpMailer(`smtp://books%40firm.com:p%40ss%3Aword@127.0.0.1:${sink.port}`, logger);
    assertEquals(mailer.kind, "smtp");
    assertEquals(await sendVia(mailer, "anna@client.example"), undefined);
    assertEquals(sink.messages.length, 1);
    const [message] = sink.messages;
    assertEquals(message.from, "no-reply@127.0.0.1");
    assertEquals(message.to, ["anna@client.example"]);
    assertEquals(message.auth?.user, "books@firm.com");
    assertEquals(message.auth?.pass, "p@ss:word");
    assertStringIncludes(message.data, "\r\nSubject: Reset your password\r\n");
    assertStringIncludes(message.data, "\r\nTo: anna@client.example\r\n");
    assertStringIncludes(message.data, "From: LedgerFlow <no-reply@127.0.0.1>\r\n");
    assertStringIncludes(message.data, "\r\n\r\nOpen https://ledger.example.com/r/abc\r\n");
    const logged = lines.find((l) => l.includes('"mail sent"'));
    assert(logged && !logged.includes("/r/abc"), "the success is logged without the text");
  } finally {
    await sink.close();
  }
});

Deno.test("SmtpMailer takes the sender from the from parameter", async () => {
  const sink = await startSmtpSink();
  try {
    const mailer = new SmtpMailer(`smtp://user:secret@127.0.0.1:${sink.port}?from=books%40firm.com`, logger);
    assertEquals(await sendVia(mailer, "anna@client.example"), undefined);
    assertEquals(sink.messages[0].from, "books@firm.com");
    assertStringIncludes(sink.messages[0].data, "From: books@firm.com\r\n");
  } finally {
    await sink.close();
  }
});

Deno.test("SmtpMailer turns a rejected recipient into a clear error without the password", async () => {
  const sink = await startSmtpSink();
  try {
    sink.rejectRecipient("nobody@client.example");
    const error = await sendVia(
      new SmtpMailer(`smtp://user:secret@127.0.0.1:${sink.port}`, logger),
      "nobody@client.example",
    );
    assert(error, "send rejects");
    assertMatch(error.message, /^Cannot send mail to nobody@client\.example: the server refused it: 550 5\.1\.1 /);
    assert(!error.message.includes("secret"), error.message);
    assertEquals(sink.messages.length, 0);
  } finally {
    await sink.close();
  }
});

Deno.test("SmtpMailer fails quickly and clearly when nothing listens on the port", async () => {
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  const started = Date.now();
  const error = await sendVia(new SmtpMailer(`smtp://user:secret@127.0.0.1:${port}`, logger), "anna@client.example");
  assert(error, "send rejects");
  assert(Date.now() - started < 10_000, "within the connection timeout");
  assertMatch(
    error.message,
    new RegExp(`^Cannot send mail to anna@client\\.example: cannot talk to 127\\.0\\.0\\.1:${port} `),
  );
  assert(!error.message.includes("secret"), error.message);
});

Deno.test("SmtpMailer gives up on a server that never greets after the connection timeout", async () => {
  const server = startSilentServer();
  try {
    const mailer = new SmtpMailer(`smtp://127.0.0.1:${server.port}`, logger, { connectionTimeoutMs: 200 });
    const started = Date.now();
    const error = await sendVia(mailer, "anna@client.example");
    assert(error, "send rejects");
    assert(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
    assertMatch(error.message, /^Cannot send mail to anna@client\.example: no answer from 127\.0\.0\.1:\d+ in time/);
  } finally {
    await server.close();
  }
});

Deno.test("SmtpMailer bounds the whole send by the total timeout", async () => {
  const server = startSilentServer();
  try {
    const mailer = new SmtpMailer(`smtp://127.0.0.1:${server.port}`, logger, {
      connectionTimeoutMs: 10_000,
      totalTimeoutMs: 200,
    });
    const started = Date.now();
    const error = await sendVia(mailer, "anna@client.example");
    assert(error, "send rejects");
    assert(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
    assertEquals(
      error.message,
      `Cannot send mail to anna@client.example: 127.0.0.1:${server.port} did not finish within 0.2 s`,
    );
  } finally {
    await server.close();
  }
});

Deno.test("createMailer logs without SMTP_URL and uses SMTP with it", () => {
  assert(createMailer(undefined, logger) instanceof LogMailer);
  assertEquals(createMailer(undefined, logger).kind, "log");
  const smtp = createMailer("smtps://user:secret@mail.example.com", logger);
  assert(smtp instanceof SmtpMailer);
  assertEquals(smtp.kind, "smtp");
  smtp.close();
});

Deno.test("parseSmtpUrl reads host, port, TLS mode, credentials and sender", () => {
  assertEquals(parseSmtpUrl("smtps://u:p%2Fw@mail.example.com"), {
    host: "mail.example.com",
    port: 465,
    secure: true,
    auth: { user: "u", pass: "p/w" },
    from: "LedgerFlow <no-reply@mail.example.com>",
  });
  assertEquals(parseSmtpUrl("smtp://relay.internal?from=Books%20%3Cbooks%40firm.com%3E"), {
    host: "relay.internal",
    port: 587,
    secure: false,
    auth: undefined,
    from: "Books <books@firm.com>",
  });
  for (
    const [url, why] of [
      ["http://user:secret@mail.example.com", "it must start with smtp:// or smtps://"],
      ["smtp://user:secret@mail.example.com?from=nobody", "the from parameter must be an email address"],
      ["smtp://user:secret@mail.example.com?ignoreTLS=true", 'unknown parameter "ignoreTLS" (only "from" is read)'],
      ["not a url secret", "it is not a valid URL"],
    ]
  ) {
    let message = "";
    try {
      parseSmtpUrl(url);
    } catch (error) {
      message = (error as Error).message;
    }
    assertEquals(message, `Cannot use SMTP_URL: ${why}`);
  }
});
