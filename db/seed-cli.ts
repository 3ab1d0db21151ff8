// npm run db:seed — loads the demo borough (idempotent).
import { env } from "../app/config/env.server";
import { openDatabase } from "./client.server";
import { migrateDatabase } from "./migrate";
import { seedDemo } from "./seed";

const config = env();
const handle = openDatabase({ url: config.DATABASE_URL, dataDir: config.PGLITE_DATA_DIR });
const started = Date.now();
await migrateDatabase(handle);
const migrated = Date.now();
await seedDemo(handle.db, { log: (line) => console.log(line) });
await handle.close();
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
console.log(
  `Done in ${seconds(Date.now() - started)} (migrations ${seconds(migrated - started)}, demo seed ${seconds(Date.now() - migrated)}).`,
);
