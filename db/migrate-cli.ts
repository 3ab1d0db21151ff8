// npm run db:migrate
import { env } from "../app/config/env.server";
import { openDatabase } from "./client.server";
import { migrateDatabase } from "./migrate";

const config = env();
const handle = openDatabase({ url: config.DATABASE_URL, dataDir: config.PGLITE_DATA_DIR });
const started = Date.now();
await migrateDatabase(handle);
await handle.close();
console.log(
  `Migrations applied to the ${handle.driver === "pglite" ? "embedded" : "server"} database in ${Date.now() - started} ms.`,
);
