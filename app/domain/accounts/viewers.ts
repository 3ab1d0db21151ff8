// Builds the Viewer (who someone is, for the rules in access.ts) from the database.
import { eq, sql } from "drizzle-orm";
import { db, type Executor, prepared } from "~db/client.server";
import type { RowOf } from "~db/json-rows";
import { agencyMemberships, assemblyChairs, users } from "~db/schema";
import type { MembershipRole, Viewer } from "../core/access";

/**
 * What a Viewer is read from: the person with their memberships and chairs, one row. The session
 * read (app/auth) selects these beside the session's own columns, so a signed-in request finds its
 * session and its viewer in one round trip.
 */
export const viewerFields = {
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
};

type ViewerRow = RowOf<typeof viewerFields>;

/** The Viewer of a row of `viewerFields`; null when there is none or the person is not active. */
export function toViewer(user: ViewerRow | undefined): Viewer | null {
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

/** The active user's Viewer, or null when there is no such active user. */
export async function loadViewer(userId: number, executor: Executor = db()): Promise<Viewer | null> {
  const query = prepared(executor, "viewer", (d) =>
    d
      .select(viewerFields)
      .from(users)
      .where(eq(users.id, sql.placeholder("userId")))
      .limit(1)
      .prepare("viewer"),
  );
  const [user] = await query.execute({ userId });
  return toViewer(user);
}

export async function loadViewerByEmail(email: string, executor: Executor = db()) {
  const [user] = await executor
    .select({ id: users.id })
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
    .limit(1);
  return user ? loadViewer(user.id, executor) : null;
}
