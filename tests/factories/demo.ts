// Test data: the demo borough, loaded into the test file's own database.
import { loadViewerByEmail } from "~/domain/viewers";
import type { Database } from "~db/client.server";
import { seedDemo } from "~db/seed";

export const DEMO = {
  admin: "admin@example.org",
  chair: "chair@example.org",
  police: "police@example.org",
  asbCoordinator: "asb@example.org",
  tradingStandards: "tradingstandards@example.org",
} as const;

export async function loadDemo(db: Database, now = new Date()) {
  await seedDemo(db, { now });
}

export async function viewer(email: string, db: Database) {
  const found = await loadViewerByEmail(email, db);
  if (!found) throw new Error(`no demo user ${email}`);
  return found;
}
