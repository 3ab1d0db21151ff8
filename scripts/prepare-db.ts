// Migrate, and seed an empty embedded database: the same start-up as the server.
import { boot, closeDatabase } from "../app/boot.server";

try {
  await boot();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
await closeDatabase();
