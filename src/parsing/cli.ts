/**
 * `deno task parse <file> [--password P] [--parser ID]`: parses a statement PDF and prints the
 * result contract as JSON. Needs no database and no configuration. Exit 0 when the statement was
 * parsed (even if it does not verify), 1 when the file cannot be parsed, 2 for a usage error;
 * failures are one line on stderr.
 */
import { DocumentError, type StatementResult } from "./types.ts";
import { isPdf } from "./extract/pdf.ts";
import { parseStatementPdf } from "./parse_file.ts";
import { listParsers, ParserRegistryError } from "./registry.ts";

export const PARSE_USAGE = `usage: deno task parse <file.pdf> [--password P] [--parser ID]

Parses a bank or credit-card statement PDF and prints the result as JSON.

  --password P   password of an encrypted PDF
  --parser ID    use this parser instead of choosing by layout (see --list-parsers)
  --list-parsers print the available parsers
  -h, --help     show this help

Exit status: 0 parsed (see verification.status), 1 the file cannot be parsed, 2 usage error.`;

interface CliArgs {
  file?: string;
  password?: string;
  parser?: string;
  help: boolean;
  list: boolean;
}

class UsageError extends Error {}

function parseArgs(args: string[]): CliArgs {
  const out: CliArgs = { help: false, list: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=")
      ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
      : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = args[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    if (flag === "-h" || flag === "--help") out.help = true;
    else if (flag === "--list-parsers") out.list = true;
    else if (flag === "--password") out.password = value();
    else if (flag === "--parser") out.parser = value();
    else if (arg === "--") {
      if (args[i + 1] !== undefined) out.file ??= args[++i];
    } else if (arg.startsWith("-") && arg !== "-") throw new UsageError(`unknown option "${arg}"`);
    else if (out.file === undefined) out.file = arg;
    else throw new UsageError(`unexpected argument "${arg}" (one file at a time)`);
  }
  return out;
}

/** The result as printed: transactions without `source`. */
export function printable(result: StatementResult): StatementResult {
  return { ...result, transactions: result.transactions.map(({ source: _, ...t }) => t) };
}

/** "The password is not correct" → "the password is not correct"; a parser's "Cannot parse statement: " prefix goes. */
function reason(message: string): string {
  const m = message.replace(/^Cannot parse statement: /, "");
  return /^[A-Z][a-z]/.test(m) ? m[0].toLowerCase() + m.slice(1) : m;
}

/** Runs the parse command; returns the exit code. */
export async function runParseCli(args: string[]): Promise<number> {
  let parsed: CliArgs;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    console.error(`ledgerflow: ${(error as Error).message}; see deno task parse --help`);
    return 2;
  }
  if (parsed.help) {
    console.log(PARSE_USAGE);
    return 0;
  }
  if (parsed.list) {
    for (const p of listParsers()) console.log(`${p.id.padEnd(16)} ${p.name}`);
    return 0;
  }
  const file = parsed.file;
  if (!file) {
    console.error("ledgerflow: Cannot parse: no file given; usage: deno task parse <file.pdf> [--password P]");
    return 2;
  }
  const fail = (reason: string, code = 1) => {
    console.error(`ledgerflow: Cannot parse ${file}: ${reason}`);
    return code;
  };
  let bytes: Uint8Array;
  try {
    bytes = await Deno.readFile(file);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return fail("no such file");
    if (error instanceof Deno.errors.IsADirectory) return fail("it is a directory");
    if (error instanceof Deno.errors.PermissionDenied) return fail("permission denied");
    return fail(reason((error as Error).message));
  }
  if (!isPdf(bytes)) return fail("not a PDF");
  try {
    const result = await parseStatementPdf(bytes, { password: parsed.password, parserId: parsed.parser });
    console.log(JSON.stringify(printable(result), null, 2));
    return 0;
  } catch (error) {
    if (error instanceof ParserRegistryError) {
      console.error(`ledgerflow: ${error.message}`);
      return 2;
    }
    if (error instanceof DocumentError) {
      if (error.state === "needs_password" && parsed.password === undefined) {
        return fail("this PDF is password-protected; pass --password");
      }
      return fail(reason(error.message));
    }
    throw error;
  }
}

if (import.meta.main) Deno.exit(await runParseCli(Deno.args));
