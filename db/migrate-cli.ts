// npm run db:migrate
import { databaseOptions, env } from "../app/config/env.server";
import { openDatabase } from "./client.server";
import { migrateDatabase } from "./migrate";

const config = env();
const handle = openDatabase(databaseOptions(config));
const started = Date.now();
await migrateDatabase(handle, config.MIGRATIONS_DIR);
await handle.close();
console.log(
  `Migrations applied to the ${handle.driver === "pglite" ? "embedded" : "server"} database in ${Date.now() - started} ms.`,
);
