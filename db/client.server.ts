// One database handle per process. DATABASE_URL set → postgres.js against a
// server; unset → PGlite (embedded PostgreSQL) in a local data folder.
import fs from "node:fs";
import path from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { Column, is, SQL, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { keepingStatements } from "./pglite-statements";
import { openPglite } from "./pglite-template.js";
import * as relations from "./relations";
import * as tables from "./schema";

export const schema = { ...tables, ...relations };
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Database | Transaction;

export type DatabaseHandle = {
  db: Database;
  driver: "pglite" | "postgres";
  /** The PGlite instance, when embedded. */
  pglite?: PGlite;
  /** How the embedded data folder began (db/pglite-template.js); unset when given an instance. */
  pgliteStart?: "copied" | "created" | "opened";
  /** Why the build's empty cluster was not copied into a new folder although it was there (unreadable). */
  pgliteTemplateProblem?: string;
  /** The connection URL, when on a server. */
  url?: string;
  close: () => Promise<void>;
};

export type DatabaseOptions = {
  url?: string;
  dataDir?: string;
  pglite?: PGlite;
  /** An empty data folder starts from a copy of the made cluster, when there is one (PGLITE_TEMPLATE; db/pglite-template.js). */
  template?: boolean;
  /** Connections to the server (DATABASE_POOL_SIZE). */
  poolSize?: number;
  /** Prepared statements on the server (DATABASE_PREPARE); off behind a transaction-mode pooler. */
  prepare?: boolean;
};

export function openDatabase(options: DatabaseOptions): DatabaseHandle {
  if (options.url) {
    const client = postgres(options.url, {
      max: options.poolSize ?? 10,
      connect_timeout: 3,
      idle_timeout: 30,
      // Short, indexed queries: parallel workers cost more to start than they save,
      // and on a small machine they take cores from other requests.
      connection: { max_parallel_workers_per_gather: 0 },
      onnotice: () => {},
    });
    return {
      db: drizzlePostgres(options.prepare === false ? client : preparing(client), {
        schema,
        casing: "snake_case",
      }) as unknown as Database,
      driver: "postgres",
      url: options.url,
      close: () => client.end({ timeout: 5 }),
    };
  }
  let instance = options.pglite;
  let pgliteStart: DatabaseHandle["pgliteStart"];
  let pgliteTemplateProblem: string | undefined;
  if (!instance) {
    const dataDir = path.resolve(options.dataDir ?? "./data/pglite");
    fs.mkdirSync(dataDir, { recursive: true });
    ({
      pglite: instance,
      start: pgliteStart,
      problem: pgliteTemplateProblem,
    } = openPglite(dataDir, { template: options.template }));
  }
  return {
    // Repeated queries run as named statements, parsed and planned once (pglite-statements.ts).
    db: drizzlePglite(keepingStatements(instance).pglite, {
      schema,
      casing: "snake_case",
    }) as unknown as Database,
    driver: "pglite",
    pglite: instance,
    pgliteStart,
    pgliteTemplateProblem,
    close: async () => {
      if (!instance.closed) await instance.close();
    },
  };
}

// Every query as a named prepared statement, kept per connection: PostgreSQL
// parses and plans each distinct query once per connection instead of on every
// call (about a third more pages a second here). Connections are replaced
// after postgres.js's max_lifetime (30–60 min), which bounds how many
// statements a connection keeps. DATABASE_PREPARE=0 turns it off (for a
// transaction-mode pooler such as PgBouncer before 1.21).
function preparing(client: postgres.Sql): postgres.Sql {
  const unsafe = client.unsafe.bind(client);
  client.unsafe = ((query: string, params?: unknown[], options?: object) =>
    unsafe(query, params as never, { ...options, prepare: true })) as typeof client.unsafe;
  return client;
}

// Kept on globalThis so the Vite dev server's module reloads reuse it.
const holder = globalThis as typeof globalThis & {
  __oneDialogueDb?: DatabaseHandle;
  __oneDialogueDbOptions?: () => DatabaseOptions;
};

/** How db() opens the database when nothing has set one (Vite's dev server): the app's settings (app/entry.server.tsx). */
export function useDatabaseOptions(options: () => DatabaseOptions) {
  holder.__oneDialogueDbOptions = options;
}

export function setDatabase(handle: DatabaseHandle | undefined) {
  holder.__oneDialogueDb = handle;
}

export function databaseHandle(): DatabaseHandle {
  holder.__oneDialogueDb ??= openDatabase(holder.__oneDialogueDbOptions?.() ?? {});
  return holder.__oneDialogueDb;
}

/** The process's database. */
export function db(): Database {
  return databaseHandle().db;
}

export async function closeDatabase() {
  const handle = holder.__oneDialogueDb;
  holder.__oneDialogueDb = undefined;
  await handle?.close();
}

export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super("The database is not answering", { cause });
    this.name = "DatabaseUnavailableError";
  }
}

const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now
  "08000",
  "08001",
  "08003",
  "08006",
]);

/** True when an error (or its cause) means the database cannot be reached, not a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (current instanceof DatabaseUnavailableError) return true;
    const { code, errno, message, cause } = current as {
      code?: unknown;
      errno?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === "string" && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof errno === "string" && UNAVAILABLE_CODES.has(errno)) return true;
    if (typeof message === "string" && /PGlite is closed|Connection terminated/i.test(message)) return true;
    current = cause;
  }
  return false;
}

/** A real round trip, refused within `timeoutMs` if the database does not answer. */
export async function pingDatabase(database: Database = db(), timeoutMs = 3000) {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      database.execute(sql`select 1`),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    throw new DatabaseUnavailableError(error);
  } finally {
    clearTimeout(timer);
  }
}

/** The rows of a raw `execute()`: postgres.js returns an array, PGlite an object with `rows`. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

// Queries built once per database handle and kept (drizzle's `.prepare()`, with
// `sql.placeholder`s for what changes): the public pages' hottest reads skip
// drizzle's query building, which was about a tenth of an uncached page's CPU.
// Keyed by the handle (a test's database, a transaction), so none outlives it.
const preparedQueries = new WeakMap<object, Map<string, unknown>>();
const MAX_PREPARED_QUERIES = 1000;

/**
 * A limit written into the SQL rather than sent as a value, for a page size that never changes:
 * with the limit as a value PostgreSQL plans for a tenth of the rows, so a statement's kept plan
 * looked dearer than one made for its values and it re-planned the statement on every call.
 */
export const fixedLimit = (rows: number) => sql.raw(String(Math.trunc(rows))) as unknown as number;

const ARRAY_ELEMENT: Record<string, string> = {
  serial: "integer",
  bigserial: "bigint",
  smallserial: "smallint",
};

/**
 * `column = any($name)`: a list of any length as one placeholder, for prepared queries (an array of
 * ids). The list is read through a subquery, `any((select $name::integer[])::integer[])`, so that
 * PostgreSQL plans the query once and keeps that plan: given the list itself it planned for its
 * length each time (a list of one looks cheaper than the ten it assumes for any list), so it never
 * settled on one plan and re-planned every call, 0.2–0.6 ms each. Read through a subquery, the list
 * is unknown to every plan alike, and the kept plan wins after PostgreSQL's five trial plans.
 */
export const anyOf = (column: Column, name: string) => {
  const type = column.getSQLType();
  const array = sql.raw(`${ARRAY_ELEMENT[type] ?? type}[]`);
  return sql`${column} = any((select ${sql.placeholder(name)}::${array})::${array})`;
};

/**
 * The values of a prepared query whose conditions vary, named as they are added: `set` and `any`
 * give the placeholders to build with, `values` what to execute with, and `shape` which were set
 * (with anything else the query's form depends on), the name to keep that form under.
 */
export function placeholders() {
  const values: Record<string, unknown> = {};
  const inline: string[] = [];
  return {
    values,
    /** A placeholder for `value`; a column or SQL (another table's id, in a statement that reads several lists) goes in as itself. */
    set(name: string, value: unknown) {
      if (is(value, Column) || is(value, SQL)) {
        inline.push(`${name}=sql`);
        return value as unknown as ReturnType<typeof sql.placeholder>;
      }
      values[name] = value;
      return sql.placeholder(name);
    },
    any(column: Column, name: string, list: readonly unknown[]) {
      values[name] = list;
      return anyOf(column, name);
    },
    shape: (...form: Array<string | undefined>) =>
      [...Object.keys(values).sort(), ...inline.sort(), ...form].join("|"),
  };
}

export type Placeholders = ReturnType<typeof placeholders>;

/** The query `build` makes on this database, built the first time it is asked for by `name`. */
export function prepared<Query>(
  database: Executor,
  name: string,
  build: (database: Executor) => Query,
): Query {
  let byName = preparedQueries.get(database);
  if (!byName) {
    byName = new Map();
    preparedQueries.set(database, byName);
  }
  let query = byName.get(name) as Query | undefined;
  if (query === undefined) {
    query = build(database);
    // A name may hold a day (the inbox's overdue view writes it into the SQL): past a bound the
    // queries are built again, rather than kept for every day the process lives.
    if (byName.size >= MAX_PREPARED_QUERIES) byName.clear();
    byName.set(name, query);
  }
  return query;
}
