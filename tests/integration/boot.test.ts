// Start-up: migrate, and seed demo data only where that cannot surprise anyone.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { boot, shouldSeedDemo } from "~/boot.server";
import { parseEnv, resetEnv } from "~/config/env.server";
import { closeDatabase } from "~db/client.server";
import { assemblies } from "~db/schema";

const saved = { ...process.env };
afterEach(async () => {
  await closeDatabase();
  process.env = { ...saved };
  resetEnv();
});

describe("demo data at start-up", () => {
  it("seeds the embedded database when empty, and keeps data across restarts", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "od-boot-"));
    process.env.DATABASE_URL = "";
    process.env.PGLITE_DATA_DIR = path.join(dir, "pglite");
    resetEnv();
    const first = await boot({ log: () => {} });
    expect(first.seeded).toBe(true);
    const [{ value }] = await first.handle.db.select({ value: count() }).from(assemblies);
    expect(value).toBe(7);
    await closeDatabase();
    const second = await boot({ log: () => {} });
    expect(second.seeded).toBe(false);
    const [{ value: again }] = await second.handle.db.select({ value: count() }).from(assemblies);
    expect(again).toBe(7);
    expect(fs.existsSync(path.join(dir, "session-secret"))).toBe(true);
  }, 60_000);

  it("never seeds a server database unless SEED_DEMO=1", () => {
    expect(shouldSeedDemo(parseEnv({}), "postgres")).toBe(false);
    expect(shouldSeedDemo(parseEnv({ SEED_DEMO: "1" }), "postgres")).toBe(true);
    expect(shouldSeedDemo(parseEnv({}), "pglite")).toBe(true);
    expect(shouldSeedDemo(parseEnv({ SEED_DEMO: "0" }), "pglite")).toBe(false);
  });
});
