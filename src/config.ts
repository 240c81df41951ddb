/**
 * The only module that reads the environment. Every setting is parsed with zod;
 * a bad value becomes a {@link ConfigError} whose message is one line naming the
 * variable, what is wrong and how to fix it.
 */
import { z } from "zod";
import { loadOrCreateSecrets } from "./secrets.ts";
import { parseKeyRing } from "./crypto/keyring.ts";
import { TokenSigner } from "./auth/tokens.ts";

const port = z.coerce.number({ error: "must be a whole number" })
  .int("must be a whole number")
  .min(1, "must be between 1 and 65535")
  .max(65535, "must be between 1 and 65535");

/** Every environment variable LedgerFlow reads, with its default and a hint. */
export const VARIABLES = {
  LEDGERFLOW_ENV: {
    schema: z.enum(["development", "production", "test"]).default("development"),
    hint: "use development, production or test",
  },
  HOST: { schema: z.string().min(1).default("127.0.0.1"), hint: "e.g. 0.0.0.0 to listen on all interfaces" },
  PORT: { schema: port.default(8080), hint: "e.g. PORT=8080" },
  PUBLIC_URL: {
    schema: z.url({ error: "must be an absolute URL" }).optional(),
    hint: "e.g. PUBLIC_URL=https://ledger.example.com",
  },
  DATABASE_URL: {
    schema: z.string().regex(/^postgres(ql)?:\/\//, "must start with postgres://").optional(),
    hint: "e.g. postgres://user:pass@host:5432/ledgerflow, or unset it to use the embedded PostgreSQL",
  },
  DATABASE_POOL_SIZE: {
    schema: z.coerce.number().int().min(1).max(200).default(10),
    hint: "a whole number from 1 to 200",
  },
  EMBEDDED_POSTGRES_PORT: { schema: port.default(54320), hint: "a free TCP port, e.g. 54320" },
  LEDGERFLOW_DATA_DIR: { schema: z.string().min(1).default("./data"), hint: "a writable directory" },
  LEDGERFLOW_ENCRYPTION_KEYS: {
    schema: z.string().optional(),
    hint: "comma-separated version:base64 pairs of 32-byte keys, e.g. 1:q2V...=",
  },
  LEDGERFLOW_SIGNING_KEYS: {
    schema: z.string().optional(),
    hint: "comma-separated kid:base64 pairs of PKCS#8 Ed25519 private keys",
  },
  UPSTASH_REDIS_REST_URL: {
    schema: z.url({ error: "must be an absolute URL" }).optional(),
    hint: "e.g. https://eu1-xyz.upstash.io, or unset it to use the in-memory cache",
  },
  UPSTASH_REDIS_REST_TOKEN: { schema: z.string().min(1).optional(), hint: "the REST token of that database" },
  CACHE_MAX_ENTRIES: {
    schema: z.coerce.number().int().min(10).max(10_000_000).default(10_000),
    hint: "a whole number of entries for the in-memory cache",
  },
  LOG_LEVEL: {
    schema: z.enum(["debug", "info", "warn", "error"]).default("info"),
    hint: "use debug, info, warn or error",
  },
  WORKER_CONCURRENCY: {
    schema: z.coerce.number().int().min(1).max(64).default(2),
    hint: "a whole number of parallel jobs per worker process, 1 to 64",
  },
  WORKER_HEARTBEAT_SECONDS: {
    schema: z.coerce.number().int().min(1).max(300).default(10),
    hint: "seconds between a worker's heartbeats, 1 to 300",
  },
  WORKER_DEAD_AFTER_SECONDS: {
    schema: z.coerce.number().int().min(2).max(3600).default(45),
    hint: "seconds without a heartbeat after which a worker's jobs are released to others",
  },
  SHUTDOWN_TIMEOUT_MS: {
    schema: z.coerce.number().int().min(0).max(600_000).default(15_000),
    hint: "milliseconds to let running requests and jobs finish on shutdown",
  },
  MAX_UPLOAD_MB: {
    schema: z.coerce.number().int().min(1).max(2048).default(25),
    hint: "the largest accepted upload in megabytes",
  },
  SMTP_URL: {
    schema: z.string().regex(/^smtps?:\/\//, "must start with smtp:// or smtps://").optional(),
    hint: "e.g. smtp://user:pass@mail.example.com:587?from=books%40firm.example (smtps:// for TLS on 465)",
  },
} as const;

type Vars = typeof VARIABLES;
type Parsed = { [K in keyof Vars]: z.output<Vars[K]["schema"]> };

/** Thrown when the environment holds a value LedgerFlow cannot use. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** The parsed settings; secrets are resolved (from the environment or the data dir). */
export interface Config {
  env: "development" | "production" | "test";
  host: string;
  port: number;
  publicUrl?: string;
  databaseUrl?: string;
  databasePoolSize: number;
  embeddedPostgresPort: number;
  dataDir: string;
  encryptionKeys: string;
  signingKeys: string;
  upstash?: { url: string; token: string };
  cacheMaxEntries: number;
  logLevel: "debug" | "info" | "warn" | "error";
  workerConcurrency: number;
  workerHeartbeatSeconds: number;
  workerDeadAfterSeconds: number;
  shutdownTimeoutMs: number;
  maxUploadBytes: number;
  smtpUrl?: string;
}

/** Parses the raw variables without touching the disk. */
export function parseEnvironment(env: Record<string, string | undefined>): Parsed {
  const out: Record<string, unknown> = {};
  for (const [name, { schema, hint }] of Object.entries(VARIABLES)) {
    const raw = env[name];
    const value = raw === undefined || raw === "" ? undefined : raw;
    const result = (schema as z.ZodType).safeParse(value);
    if (!result.success) {
      const why = result.error.issues[0]?.message ?? "is invalid";
      throw new ConfigError(
        `${name}=${JSON.stringify(raw)} ${why.replace(/^Invalid input: /, "")}; ${hint}`,
      );
    }
    out[name] = result.data;
  }
  return out as Parsed;
}

/**
 * Loads the configuration. In development and test, missing secrets are generated once
 * into the data dir (with a warning through `warn`); in production they are required.
 */
export async function loadConfig(
  env: Record<string, string | undefined>,
  warn: (message: string) => void = () => {},
): Promise<Config> {
  const v = parseEnvironment(env);
  if (Boolean(v.UPSTASH_REDIS_REST_URL) !== Boolean(v.UPSTASH_REDIS_REST_TOKEN)) {
    const missing = v.UPSTASH_REDIS_REST_URL ? "UPSTASH_REDIS_REST_TOKEN" : "UPSTASH_REDIS_REST_URL";
    throw new ConfigError(
      `${missing} is missing; set both UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN, or neither`,
    );
  }
  if (v.LEDGERFLOW_ENV === "production") {
    for (const name of ["LEDGERFLOW_ENCRYPTION_KEYS", "LEDGERFLOW_SIGNING_KEYS", "DATABASE_URL"] as const) {
      if (!v[name]) {
        throw new ConfigError(`${name} is required when LEDGERFLOW_ENV=production; ${VARIABLES[name].hint}`);
      }
    }
  }
  const secrets = v.LEDGERFLOW_ENCRYPTION_KEYS && v.LEDGERFLOW_SIGNING_KEYS
    ? { encryptionKeys: v.LEDGERFLOW_ENCRYPTION_KEYS, signingKeys: v.LEDGERFLOW_SIGNING_KEYS }
    : await loadOrCreateSecrets(v.LEDGERFLOW_DATA_DIR, warn);
  const encryptionKeys = v.LEDGERFLOW_ENCRYPTION_KEYS ?? secrets.encryptionKeys;
  const signingKeys = v.LEDGERFLOW_SIGNING_KEYS ?? secrets.signingKeys;
  // Key material is checked now, so a bad key stops start-up with one line, like any bad value.
  try {
    parseKeyRing(encryptionKeys);
    await TokenSigner.fromConfig(signingKeys);
  } catch (error) {
    throw new ConfigError((error as Error).message);
  }
  return {
    env: v.LEDGERFLOW_ENV,
    host: v.HOST,
    port: v.PORT,
    publicUrl: v.PUBLIC_URL,
    databaseUrl: v.DATABASE_URL,
    databasePoolSize: v.DATABASE_POOL_SIZE,
    embeddedPostgresPort: v.EMBEDDED_POSTGRES_PORT,
    dataDir: v.LEDGERFLOW_DATA_DIR,
    encryptionKeys,
    signingKeys,
    upstash: v.UPSTASH_REDIS_REST_URL
      ? { url: v.UPSTASH_REDIS_REST_URL, token: v.UPSTASH_REDIS_REST_TOKEN! }
      : undefined,
    cacheMaxEntries: v.CACHE_MAX_ENTRIES,
    logLevel: v.LOG_LEVEL,
    workerConcurrency: v.WORKER_CONCURRENCY,
    workerHeartbeatSeconds: v.WORKER_HEARTBEAT_SECONDS,
    workerDeadAfterSeconds: v.WORKER_DEAD_AFTER_SECONDS,
    shutdownTimeoutMs: v.SHUTDOWN_TIMEOUT_MS,
    maxUploadBytes: v.MAX_UPLOAD_MB * 1024 * 1024,
    smtpUrl: v.SMTP_URL,
  };
}
