// Builds the Viewer (who someone is, for the rules in access.ts) from the database.
import { eq, sql } from "drizzle-orm";
import { db, type Executor } from "~db/client.server";
import { agencyMemberships, assemblyChairs, users } from "~db/schema";
import type { MembershipRole, Viewer } from "./access";

/** The active user's Viewer, or null when there is no such active user. */
export async function loadViewer(userId: number, executor: Executor = db()): Promise<Viewer | null> {
  const [user] = await executor
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      isAdmin: users.isAdmin,
      active: users.active,
    })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!user?.active) return null;
  const [memberships, chairs] = await Promise.all([
    executor
      .select({ agencyId: agencyMemberships.agencyId, role: agencyMemberships.role })
      .from(agencyMemberships)
      .where(eq(agencyMemberships.userId, userId)),
    executor
      .select({ assemblyId: assemblyChairs.assemblyId })
      .from(assemblyChairs)
      .where(eq(assemblyChairs.userId, userId)),
  ]);
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    isAdmin: user.isAdmin,
    agencies: new Map(memberships.map((m) => [m.agencyId, m.role as MembershipRole])),
    chairOf: new Set(chairs.map((c) => c.assemblyId)),
  };
}

export async function loadViewerByEmail(email: string, executor: Executor = db()) {
  const [user] = await executor
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
    .limit(1);
  return user ? loadViewer(user.id, executor) : null;
}
