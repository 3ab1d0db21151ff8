// A backup and restore round trip gives back the same data, on either driver.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import { afterAll, describe, expect, inject, it } from "vitest";
import { backupDatabase, restoreDatabase } from "~db/backup";
import { openDatabase } from "~db/client.server";
import { migrateDatabase } from "~db/migrate";
import { seedDemo } from "~db/seed";
import { useFixedClock } from "../support/clock";

useFixedClock();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "od-backup-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const FINGERPRINT = `
  select (select count(*) from assemblies) as assemblies,
         (select count(*) from priorities) as priorities,
         (select count(*) from task_updates) as updates,
         (select string_agg(title || ':' || status, '|' order by id) from priorities) as priority_states,
         (select sum(value) from update_figures)::text as figure_total,
         (select count(*) from users where password_hash is not null) as users_with_passwords`;

describe("backup and restore", () => {
  it("round-trips the embedded database", async () => {
    const dataDir = path.join(dir, "pglite");
    const handle = openDatabase({ dataDir });
    await migrateDatabase(handle);
    await seedDemo(handle.db);
    const before = (await (handle.pglite as PGlite).query(FINGERPRINT)).rows[0];
    await handle.close();

    const file = path.join(dir, "embedded.tar.gz");
    const { bytes } = await backupDatabase({ dataDir }, file);
    expect(bytes).toBeGreaterThan(1000);

    // Damage the live data, then restore over it.
    const damaged = new PGlite(dataDir);
    await damaged.query("delete from update_figures");
    await damaged.close();
    await restoreDatabase({ dataDir }, file);

    const restored = new PGlite(dataDir);
    const after = (await restored.query(FINGERPRINT)).rows[0];
    await restored.close();
    expect(after).toEqual(before);
  }, 60_000);

  it.runIf(inject("serverUrl") !== "")(
    "round-trips a PostgreSQL server database with pg_dump and pg_restore",
    async () => {
      const serverUrl = inject("serverUrl");
      const name = `od_backup_${process.pid}`;
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.unsafe(`create database "${name}"`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const handle = openDatabase({ url: url.toString() });
      try {
        await migrateDatabase(handle);
        await seedDemo(handle.db);
        const client = postgres(url.toString(), { max: 1, onnotice: () => {} });
        const [before] = await client.unsafe(FINGERPRINT);
        const file = path.join(dir, "server.dump");
        await backupDatabase({ url: url.toString(), dataDir: "" }, file);
        await client.unsafe("delete from update_figures");
        await restoreDatabase({ url: url.toString(), dataDir: "" }, file);
        const [after] = await client.unsafe(FINGERPRINT);
        await client.end();
        expect(after).toEqual(before);
      } finally {
        await handle.close();
        await admin.unsafe(`drop database if exists "${name}" with (force)`);
        await admin.end();
      }
    },
    60_000,
  );
});
