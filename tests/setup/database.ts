// A fresh, migrated database for one test file: a copy of the run's template.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { type DatabaseHandle, openDatabase, setDatabase } from "../../db/client.server";

function withDatabase(url: string, name: string) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export const onServer = () => inject("serverUrl") !== "";

/** Opens a new copy of the migrated template; `drop()` removes it. */
export async function createTestDatabase(): Promise<DatabaseHandle & { drop: () => Promise<void> }> {
  const serverUrl = inject("serverUrl");
  if (serverUrl) {
    const name = `od_test_${randomBytes(6).toString("hex")}`;
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}" template "${inject("templateDatabase")}"`);
    const handle = openDatabase({ url: withDatabase(serverUrl, name) });
    return {
      ...handle,
      drop: async () => {
        await handle.close();
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      },
    };
  }
  const dump = fs.readFileSync(inject("templateDump"));
  const pglite = await PGlite.create({ loadDataDir: new Blob([dump]) });
  const handle = openDatabase({ pglite });
  return { ...handle, drop: () => handle.close() };
}

/**
 * Gives the test file its own database, installed as the process's database
 * (so domain functions and route loaders use it). Call at the top of a file.
 */
export function useTestDatabase() {
  let handle: (DatabaseHandle & { drop: () => Promise<void> }) | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase();
    setDatabase(handle);
  });
  afterAll(async () => {
    setDatabase(undefined);
    await handle?.drop();
  });
  return {
    get db() {
      if (!handle) throw new Error("useTestDatabase: the database opens in beforeAll");
      return handle.db;
    },
    get handle() {
      if (!handle) throw new Error("useTestDatabase: the database opens in beforeAll");
      return handle;
    },
  };
}
