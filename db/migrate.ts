import path from "node:path";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import type { DatabaseHandle } from "./client.server";

/** The migrations folder: MIGRATIONS_DIR (app/config/env.server.ts), relative to the working folder. */
export const migrationsFolder = (folder = "db/migrations") => path.resolve(folder);

// Any number of processes may start at once: an advisory lock lets one migrate.
const MIGRATION_LOCK = 7_406_913;

export async function migrateDatabase(handle: DatabaseHandle, folder?: string) {
  if (handle.driver === "pglite") {
    await migratePglite(handle.db as unknown as PgliteDatabase, {
      migrationsFolder: migrationsFolder(folder),
    });
    return;
  }
  const client = postgres(handle.url as string, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK})`;
    await migratePostgres(drizzlePostgres(client), { migrationsFolder: migrationsFolder(folder) });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
