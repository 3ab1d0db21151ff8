// Test data: the demo borough, loaded into the test file's own database.
import { eq } from "drizzle-orm";
import { loadViewerByEmail } from "~/domain/accounts/viewers";
import type { Database } from "~db/client.server";
import * as t from "~db/schema";
import { seedDemo } from "~db/seed";

export const DEMO = {
  admin: "admin@example.org",
  chair: "chair@example.org",
  police: "police@example.org",
  asbCoordinator: "asb@example.org",
  tradingStandards: "tradingstandards@example.org",
} as const;

/**
 * The hand-written demo story (Rotherham's three priorities, the demo people).
 * The generated year of history is left out: these tests state exact contents
 * of the story, and tests/integration/seed-history.test.ts covers the history.
 */
export async function loadDemo(db: Database, now = new Date()) {
  await seedDemo(db, { now, history: false });
}

export async function viewer(email: string, db: Database) {
  const found = await loadViewerByEmail(email, db);
  if (!found) throw new Error(`no demo user ${email}`);
  return found;
}

/** The id of a demo assembly or neighbourhood, by its slug. */
export async function idBySlug(db: Database, table: "assemblies" | "neighbourhoods", slug: string) {
  const source = table === "assemblies" ? t.assemblies : t.neighbourhoods;
  const [row] = await db.select({ id: source.id }).from(source).where(eq(source.slug, slug));
  if (!row) throw new Error(`no ${table} ${slug}`);
  return row.id;
}
