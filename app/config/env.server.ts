// Environment, parsed once at start-up. A bad value stops the process with a
// message naming the variable; development gets safe defaults.
import { isIP } from "node:net";
import { availableParallelism } from "node:os";
import { z } from "zod";
import type { DatabaseOptions } from "~db/client.server";

const blankToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

const onOff = z.preprocess(
  blankToUndefined,
  z.enum(["on", "off"], { error: "must be on or off" }).default("on"),
);

const wholeNumber = (min: number, max: number, fallback: number) =>
  z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "must be a whole number" })
      .int("must be a whole number")
      .min(min, `must be at least ${min}`)
      .max(max, `must be at most ${max}`)
      .default(fallback),
  );

export const envSchema = z.object({
  NODE_ENV: z.preprocess(
    blankToUndefined,
    z.enum(["development", "production", "test"]).default("development"),
  ),
  DATABASE_URL: optional(
    z.string().regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// or postgresql:// URL"),
  ),
  PGLITE_DATA_DIR: z.preprocess(blankToUndefined, z.string().default("./data/pglite")),
  // `on`: an empty data folder starts from a copy of the cluster the build made (db/pglite-template.js).
  PGLITE_TEMPLATE: onOff,
  SESSION_SECRET: optional(z.string().min(32, "must be at least 32 characters")),
  SMTP_URL: optional(z.string().regex(/^smtps?:\/\/\S+$/, "must be an smtp:// or smtps:// URL")),
  MAIL_FROM: z.preprocess(
    blankToUndefined,
    z.string().min(3).default("One Dialogue <no-reply@one-dialogue.localhost>"),
  ),
  MAIL_CAPTURE_DIR: z.preprocess(blankToUndefined, z.string().default("./data/mail")),
  // Unset → http://localhost:PORT (filled in by parseEnv, which knows PORT).
  PUBLIC_URL: optional(z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })),
  PORT: z.preprocess(
    blankToUndefined,
    z.coerce
      .number({ error: "must be a port number" })
      .int("must be a whole number")
      .min(1)
      .max(65535)
      .default(3000),
  ),
  SEED_DEMO: optional(z.enum(["0", "1"], { error: "must be 0 or 1" })),
  RETENTION_YEARS: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(3, "must be at least 3 (years)").max(100).default(3),
  ),
  TRUST_PROXY: z.preprocess(blankToUndefined, z.string().default("0").transform(trustProxySetting)),
  JOBS: onOff,
  // The PostgreSQL server connection: pool size per process, and prepared statements
  // (0 for a transaction-mode pooler such as PgBouncer).
  DATABASE_POOL_SIZE: wholeNumber(1, 1000, 10),
  DATABASE_PREPARE: z.preprocess(
    blankToUndefined,
    z.enum(["0", "1"], { error: "must be 0 or 1" }).default("1"),
  ),
  // "How we're doing" for the whole borough: once one count has taken at least this long, a change
  // is answered with the last count while one recount runs in the background (0: always, after
  // the first count of a day; a large value: never, every visitor after a change waits).
  MEASURES_RECOUNT_AFTER_MS: wholeNumber(0, 3_600_000, 1000),
  // Where the migrations are read from (the default is the repository's).
  MIGRATIONS_DIR: z.preprocess(blankToUndefined, z.string().default("db/migrations")),
  // The speed layer in server.js: the in-memory cache of public pages, and how many pages one process builds at once.
  PAGE_CACHE: onOff,
  // While the database cannot be reached, public pages the cache holds are still served, with a
  // line saying they may be out of date, for up to this many seconds (0: never); also sent to
  // caches further down as Cache-Control's stale-if-error.
  PAGE_CACHE_STALE_SECONDS: wholeNumber(0, 86_400, 900),
  // How much memory the page cache may use (each page counted with its compressed copies); the
  // least recently used pages go first when it is full.
  PAGE_CACHE_MEGABYTES: wholeNumber(1, 65_536, 64),
  // `on`: the page cache logs how many pages each change it reads drops (the benchmark counts them).
  PAGE_CACHE_STATS: z.preprocess(
    blankToUndefined,
    z.enum(["on", "off"], { error: "must be on or off" }).default("off"),
  ),
  MAX_CONCURRENT_RENDERS: wholeNumber(1, 1000, 16),
  // `npm start` on a PostgreSQL server: how many app processes (workers) share the port. One per core
  // by default; the embedded database (PGlite) is single-process, so there it is always 1.
  WEB_CONCURRENCY: wholeNumber(1, 256, availableParallelism()),
  // Outside lookups (postcode → neighbourhood); tests point these at local stand-ins.
  POSTCODES_IO_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
      .default("https://api.postcodes.io"),
  ),
  POLICE_UK_URL: z.preprocess(
    blankToUndefined,
    z
      .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
      .default("https://data.police.uk/api"),
  ),
});

export type Env = z.infer<typeof envSchema> & { PUBLIC_URL: string };

// Express's own names for address ranges ("loopback" = 127.0.0.1/8 and ::1/128, …).
const PROXY_RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

/**
 * Express's "trust proxy" setting from TRUST_PROXY: `0` none; a whole number N
 * trusts N hops (the N nearest proxies, so `1` = the one load balancer in front);
 * otherwise a comma-separated list of proxy addresses or subnets. Never "trust
 * any": a client could then choose its own address with a forged X-Forwarded-For.
 */
export function trustProxySetting(
  value: string,
  context: z.core.$RefinementCtx<string>,
): false | number | string[] {
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) === 0 ? false : Number(trimmed);
  const entries = trimmed.split(",").map((entry) => entry.trim());
  const bad = entries.filter((entry) => {
    const [address, bits, ...rest] = entry.split("/");
    if (rest.length) return true;
    if (PROXY_RANGE_NAMES.has(address) && bits === undefined) return false;
    const family = isIP(address);
    if (!family) return true;
    return bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
  });
  if (bad.length) {
    context.addIssue({
      code: "custom",
      message:
        "must be a number of proxy hops (0, 1, 2…) or a comma-separated list of proxy addresses or subnets " +
        `(like 10.0.0.1, 10.0.0.0/8 or loopback); not ${bad.map((entry) => JSON.stringify(entry)).join(", ")}`,
    });
    return z.NEVER;
  }
  return entries;
}

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new EnvError(
      result.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`),
    );
  }
  const env: Env = {
    ...result.data,
    PUBLIC_URL: result.data.PUBLIC_URL ?? `http://localhost:${result.data.PORT}`,
  };
  if (env.NODE_ENV === "production" && env.DATABASE_URL && !env.SESSION_SECRET) {
    throw new EnvError([
      "SESSION_SECRET: required in production with a PostgreSQL server (at least 32 characters)",
    ]);
  }
  return env;
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** For tests: forget the parsed environment so the next call reads it again. */
export function resetEnv() {
  cached = undefined;
}

/** Boot's generated SESSION_SECRET: into the parsed environment, and into the process's so a fresh parse finds it too. */
export function useGeneratedSessionSecret(secret: string) {
  process.env.SESSION_SECRET = secret;
  env().SESSION_SECRET = secret;
}

/** How to open the database, as the environment says (db/client.server.ts reads no environment itself). */
export function databaseOptions(config: Env = env()): DatabaseOptions {
  return {
    url: config.DATABASE_URL,
    dataDir: config.PGLITE_DATA_DIR,
    template: config.PGLITE_TEMPLATE === "on",
    poolSize: config.DATABASE_POOL_SIZE,
    prepare: config.DATABASE_PREPARE === "1",
  };
}

/**
 * The secret that signs session cookies and derived links. Boot writes one to
 * the data folder when SESSION_SECRET is unset; tests and development fall
 * back to a fixed value, production never does.
 */
export function appSecret(): string {
  const configured = env().SESSION_SECRET;
  if (configured) return configured;
  if (env().NODE_ENV === "production") throw new Error("SESSION_SECRET is needed to sign cookies and links");
  return "development-only-secret-not-for-production-use";
}
