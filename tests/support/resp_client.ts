/**
 * A minimal RESP2 client for tests: one TCP connection to Redis, commands encoded as arrays of
 * bulk strings, one batch of commands in flight at a time (a promise-chain queue).
 */

/** An error reply from Redis (`-ERR ...`). Top-level errors reject; nested ones are values. */
export class RespError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RespError";
  }
}

/**
 * A parsed reply: simple string → string, bulk string → bytes (null when absent),
 * integer → number, array → array (null when absent), nested error → RespError.
 */
export type RespValue =
  | string
  | number
  | null
  | Uint8Array
  | RespError
  | RespValue[];

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const CRLF = encoder.encode("\r\n");

/** Encodes one command as a RESP array of bulk strings. */
export function encodeCommand(args: readonly string[]): Uint8Array {
  const parts: Uint8Array[] = [encoder.encode(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = encoder.encode(arg);
    parts.push(encoder.encode(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A RESP2 connection. Create it with {@linkcode RespClient.connect}. */
export class RespClient {
  #conn: Deno.Conn;
  #buffer = new Uint8Array(0);
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  private constructor(conn: Deno.Conn) {
    this.#conn = conn;
  }

  /** Connects to a `redis://host:port` URL (default 127.0.0.1:6379). */
  static async connect(url = "redis://127.0.0.1:6379"): Promise<RespClient> {
    const { hostname, port } = new URL(url);
    const conn = await Deno.connect({
      hostname: hostname || "127.0.0.1",
      port: Number(port || 6379),
    });
    return new RespClient(conn);
  }

  /** Sends one command; resolves with its reply, rejects with a RespError on an error reply. */
  async send(args: readonly string[]): Promise<RespValue> {
    const [reply] = await this.batch([args]);
    if (reply instanceof RespError) throw reply;
    return reply;
  }

  /** Writes several commands in one go and reads their replies; error replies are values. */
  batch(commands: readonly (readonly string[])[]): Promise<RespValue[]> {
    const run = async () => {
      if (this.#closed) throw new Error("Cannot send command: connection is closed");
      const frames = commands.map(encodeCommand);
      const payload = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
      let offset = 0;
      for (const frame of frames) {
        payload.set(frame, offset);
        offset += frame.length;
      }
      for (let written = 0; written < payload.length;) {
        written += await this.#conn.write(payload.subarray(written));
      }
      const replies: RespValue[] = [];
      for (let i = 0; i < commands.length; i++) replies.push(await this.#read());
      return replies;
    };
    const guarded = async () => {
      try {
        return await run();
      } catch (error) {
        // A failed write or read leaves the stream out of step: give the connection up.
        if (!this.#closed) {
          this.#closed = true;
          this.#conn.close();
        }
        throw error;
      }
    };
    const result = this.#queue.then(guarded);
    this.#queue = result.catch(() => {});
    return result;
  }

  /** Closes the connection once queued commands finish. */
  async close(): Promise<void> {
    await this.#queue;
    if (this.#closed) return;
    this.#closed = true;
    this.#conn.close();
  }

  async #read(): Promise<RespValue> {
    const line = await this.#readLine();
    const type = line[0];
    const rest = line.slice(1);
    switch (type) {
      case "+":
        return rest;
      case "-":
        return new RespError(rest);
      case ":":
        return Number(rest);
      case "$": {
        const length = Number(rest);
        if (length < 0) return null;
        const bytes = await this.#readBytes(length + 2);
        return bytes.slice(0, length);
      }
      case "*": {
        const count = Number(rest);
        if (count < 0) return null;
        const items: RespValue[] = [];
        for (let i = 0; i < count; i++) items.push(await this.#read());
        return items;
      }
      default:
        throw new Error(`Cannot parse RESP reply: unknown type byte "${type}"`);
    }
  }

  async #readLine(): Promise<string> {
    while (true) {
      const end = this.#buffer.findIndex((b, i) => b === 13 && this.#buffer[i + 1] === 10);
      if (end >= 0) {
        const line = decoder.decode(this.#buffer.subarray(0, end));
        this.#buffer = this.#buffer.slice(end + 2);
        return line;
      }
      await this.#fill();
    }
  }

  async #readBytes(n: number): Promise<Uint8Array> {
    while (this.#buffer.length < n) await this.#fill();
    const bytes = this.#buffer.slice(0, n);
    this.#buffer = this.#buffer.slice(n);
    return bytes;
  }

  async #fill(): Promise<void> {
    const chunk = new Uint8Array(16 * 1024);
    const n = await this.#conn.read(chunk);
    if (n === null) throw new Error("Cannot read RESP reply: connection closed by Redis");
    const next = new Uint8Array(this.#buffer.length + n);
    next.set(this.#buffer);
    next.set(chunk.subarray(0, n), this.#buffer.length);
    this.#buffer = next;
  }
}
