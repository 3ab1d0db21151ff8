// Start-up, shared by the production server and the CLI: configuration,
// database, migrations and (on the embedded database) demo data.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { count } from "drizzle-orm";
import {
  closeDatabase,
  type DatabaseHandle,
  databaseHandle,
  openDatabase,
  setDatabase,
} from "~db/client.server";
import { migrateDatabase } from "~db/migrate";
import { assemblies } from "~db/schema";
import { seedDemo } from "~db/seed";
import { databaseOptions, type Env, env, useGeneratedSessionSecret } from "./config/env.server";
import { installationIdentity } from "./domain/core/installation";

export type BootResult = { env: Env; handle: DatabaseHandle; seeded: boolean };

type Log = (line: string) => void;

const PGLITE_STARTS = {
  copied: ", a new folder copied from the build's empty cluster",
  created: ", a new folder: PGlite is making its cluster (a few seconds)",
  opened: "",
} as const;

/** Demo data goes in by itself only on the embedded database, or when asked. */
export function shouldSeedDemo(config: Env, driver: DatabaseHandle["driver"]) {
  if (config.SEED_DEMO === "0") return false;
  if (config.SEED_DEMO === "1") return true;
  return driver === "pglite";
}

// Without SESSION_SECRET (only allowed off a production server database) a
// random one is kept beside the embedded data, so sign-ins survive restarts.
function ensureSessionSecret(config: Env) {
  if (config.SESSION_SECRET) return;
  const file = path.resolve(path.dirname(path.resolve(config.PGLITE_DATA_DIR)), "session-secret");
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  useGeneratedSessionSecret(fs.readFileSync(file, "utf8").trim());
}

export async function boot(options: { log?: Log; seed?: boolean } = {}): Promise<BootResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const config = env();
  ensureSessionSecret(config);
  const handle = openDatabase(databaseOptions(config));
  setDatabase(handle);
  log(
    handle.driver === "pglite"
      ? `Database: embedded PostgreSQL (PGlite) in ${path.resolve(config.PGLITE_DATA_DIR)}${PGLITE_STARTS[handle.pgliteStart ?? "opened"]}`
      : "Database: PostgreSQL server (DATABASE_URL)",
  );
  if (handle.pgliteTemplateProblem) {
    log(
      `Database: the build's empty cluster was not used: ${handle.pgliteTemplateProblem}; the next \`npm run build\` makes it again`,
    );
  }
  await migrateDatabase(handle, config.MIGRATIONS_DIR);
  log("Database: migrations applied");
  // Fixed at install: feed ids keep this authority even if PUBLIC_URL later changes.
  await installationIdentity(new URL(config.PUBLIC_URL).hostname, { database: handle.db });
  let seeded = false;
  if (options.seed !== false && shouldSeedDemo(config, handle.driver)) {
    const [{ value }] = await handle.db.select({ value: count() }).from(assemblies);
    if (value === 0) {
      log("Database is empty: loading the demo borough…");
      await seedDemo(handle.db, { log });
      seeded = true;
    }
  }
  return { env: config, handle, seeded };
}

export { closeDatabase, databaseHandle };
