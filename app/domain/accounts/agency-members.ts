// An agency's team as its coordinators see it.
import { asc, eq } from "drizzle-orm";
import { db } from "~db/client.server";
import { agencies, agencyMemberships, users } from "~db/schema";
import { ensure, isCoordinatorOf, type Viewer } from "../core/access";
import { notFound } from "../core/errors";

export async function getAgencyTeam(viewer: Viewer, agencyId: number) {
  ensure(isCoordinatorOf(viewer, agencyId));
  const [agency] = await db()
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(eq(agencies.id, agencyId));
  if (!agency) throw notFound();
  const members = await db()
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: agencyMemberships.role,
      active: users.active,
      invited: users.passwordHash,
    })
    .from(agencyMemberships)
    .innerJoin(users, eq(users.id, agencyMemberships.userId))
    .where(eq(agencyMemberships.agencyId, agencyId))
    .orderBy(asc(users.name));
  return {
    agency,
    members: members.map(({ invited, ...m }) => ({ ...m, accepted: invited !== null })),
  };
}
