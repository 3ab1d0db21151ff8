// Someone who already has an account is told when they are given a role: added
// to an agency's team or made a chair of an assembly by an administrator, or
// their role in a team changed by an administrator or its coordinator. The
// e-mail says what they can now do and links to the page where they do it (the
// agency's tasks, its team, the chair's workspace).
// Coordinators ask before adding anyone (agency-invitations.ts), and someone
// still to choose a password hears through their invitation.
import { and, eq, inArray } from "drizzle-orm";
import { env } from "~/config/env.server";
import type { Executor } from "~db/client.server";
import { agencies, agencyMemberships, assemblies, users } from "~db/schema";
import { type RoleGiven, rolesGivenEmail } from "~emails/accounts";
import { enqueueEmail } from "../../integrations/outbox.server";
import type { MembershipRole, Viewer } from "../core/access";

export type GivenRole =
  /** Added to an agency's team (`joined`), or their role in it changed (`role`). */
  { kind: "joined" | "role"; agencyId: number; role: MembershipRole } | { kind: "chair"; assemblyId: number };

/**
 * Puts someone in an agency's team with a role, as an administrator does: their role before (none
 * when they join) and what they were given, null when they had that role already.
 */
export async function putInTeam(tx: Executor, userId: number, agencyId: number, role: MembershipRole) {
  const [before] = await tx
    .select({ role: agencyMemberships.role })
    .from(agencyMemberships)
    .where(and(eq(agencyMemberships.userId, userId), eq(agencyMemberships.agencyId, agencyId)));
  await tx
    .insert(agencyMemberships)
    .values({ userId, agencyId, role })
    .onConflictDoUpdate({ target: [agencyMemberships.userId, agencyMemberships.agencyId], set: { role } });
  const given: GivenRole | null =
    before?.role === role ? null : { kind: before ? "role" : "joined", agencyId, role };
  return { before, given };
}

/**
 * Queues the e-mail, in the caller's transaction, so it goes only if the change is kept.
 * Nothing is sent for no change, to whoever made it about themselves, to an account still
 * waiting for its password, or to a deactivated one. Returns whether an e-mail was queued.
 */
export async function tellOfRolesGiven(
  tx: Executor,
  by: Viewer,
  userId: number,
  given: GivenRole[],
  publicUrl = env().PUBLIC_URL,
): Promise<boolean> {
  if (!given.length || userId === by.userId) return false;
  const [person] = await tx
    .select({ email: users.email, name: users.name, passwordHash: users.passwordHash, active: users.active })
    .from(users)
    .where(eq(users.id, userId));
  if (!person?.active || !person.passwordHash) return false;
  const agencyIds = given.flatMap((g) => (g.kind === "chair" ? [] : [g.agencyId]));
  const assemblyIds = given.flatMap((g) => (g.kind === "chair" ? [g.assemblyId] : []));
  const agencyNames = await namesOf(tx, agencies, agencyIds);
  const assemblyNames = await namesOf(tx, assemblies, assemblyIds);
  const base = publicUrl.replace(/\/+$/, "");
  const roles = given.map((g): RoleGiven => {
    if (g.kind === "chair") {
      return {
        kind: "chair",
        assemblyName: assemblyNames.get(g.assemblyId) ?? "",
        url: `${base}/chair/${g.assemblyId}`,
      };
    }
    const agencyName = agencyNames.get(g.agencyId) ?? "";
    // A new coordinator's new work is the team; everyone else's is the agency's tasks.
    const url =
      g.kind === "role" && g.role === "coordinator"
        ? `${base}/agencies/${g.agencyId}/members`
        : `${base}/partner?agency=${g.agencyId}`;
    return { kind: g.kind, agencyName, role: g.role, url };
  });
  await enqueueEmail(tx, {
    to: person.email,
    ...rolesGivenEmail({ name: person.name, byName: by.name, roles }),
  });
  return true;
}

async function namesOf(tx: Executor, table: typeof agencies | typeof assemblies, ids: number[]) {
  if (!ids.length) return new Map<number, string>();
  const rows = await tx.select({ id: table.id, name: table.name }).from(table).where(inArray(table.id, ids));
  return new Map(rows.map((row) => [row.id, row.name]));
}
