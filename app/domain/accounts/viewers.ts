// Builds the Viewer (who someone is, for the rules in access.ts) from the database.
import { eq, sql } from "drizzle-orm";
import { db, type Executor, prepared } from "~db/client.server";
import { agencyMemberships, assemblyChairs, users } from "~db/schema";
import type { MembershipRole, Viewer } from "../core/access";

/** The active user's Viewer, or null when there is no such active user. */
export async function loadViewer(userId: number, executor: Executor = db()): Promise<Viewer | null> {
  // One round trip, prepared once: the person with their memberships and chairs (every signed-in page asks).
  const query = prepared(executor, "viewer", (d) =>
    d
      .select({
        id: users.id,
        name: users.name,
        email: users.email,
        isAdmin: users.isAdmin,
        active: users.active,
        memberships: sql<Array<[number, string]>>`coalesce((
          select json_agg(json_build_array(${agencyMemberships.agencyId}, ${agencyMemberships.role}))
          from ${agencyMemberships} where ${agencyMemberships.userId} = ${users.id}), '[]'::json)`,
        chairs: sql<number[]>`coalesce((
          select json_agg(${assemblyChairs.assemblyId})
          from ${assemblyChairs} where ${assemblyChairs.userId} = ${users.id}), '[]'::json)`,
      })
      .from(users)
      .where(eq(users.id, sql.placeholder("userId")))
      .limit(1)
      .prepare("viewer"),
  );
  const [user] = await query.execute({ userId });
  if (!user?.active) return null;
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    isAdmin: user.isAdmin,
    agencies: new Map(user.memberships.map(([agencyId, role]) => [agencyId, role as MembershipRole])),
    chairOf: new Set(user.chairs),
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
