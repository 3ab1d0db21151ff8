// Reading the audit log: admins all of it; chairs their assembly's events;
// coordinators their agency's (DESIGN.md §6). Filter by person, record and date.
import { and, desc, eq, gte, inArray, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "~db/client.server";
import { auditEvents, users } from "~db/schema";
import { ensure, isAdmin, type Viewer } from "./access";

export const AUDIT_PAGE_SIZE = 50;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
  .optional()
  .catch(undefined);

export const auditQuerySchema = z.object({
  user: z.coerce.number().int().positive().max(2_147_483_647).optional().catch(undefined),
  entityType: z
    .string()
    .regex(/^[a-z_]{1,40}$/)
    .optional()
    .catch(undefined),
  entityId: z.string().max(60).optional().catch(undefined),
  from: day,
  to: day,
  before: z.coerce.number().int().positive().optional().catch(undefined),
});

export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** What part of the log this person may read; null when none. */
function scopeFor(viewer: Viewer): SQL | undefined | null {
  if (isAdmin(viewer)) return undefined;
  const parts: SQL[] = [];
  if (viewer.chairOf.size) parts.push(inArray(auditEvents.assemblyId, [...viewer.chairOf]));
  const coordinated = [...viewer.agencies].filter(([, role]) => role === "coordinator").map(([id]) => id);
  if (coordinated.length) parts.push(inArray(auditEvents.agencyId, coordinated));
  return parts.length ? or(...parts) : null;
}

export function canReadAnyAudit(viewer: Viewer) {
  return scopeFor(viewer) !== null;
}

export async function readAuditLog(viewer: Viewer, query: AuditQuery) {
  const scope = scopeFor(viewer);
  ensure(scope !== null);
  const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000);
  const rows = await db()
    .select({
      id: auditEvents.id,
      at: auditEvents.createdAt,
      action: auditEvents.action,
      entityType: auditEvents.entityType,
      entityId: auditEvents.entityId,
      actorUserId: auditEvents.actorUserId,
      actorName: users.name,
      before: auditEvents.before,
      after: auditEvents.after,
      address: auditEvents.address,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(
      and(
        scope,
        query.user
          ? or(
              eq(auditEvents.actorUserId, query.user),
              and(eq(auditEvents.entityType, "user"), eq(auditEvents.entityId, String(query.user))),
            )
          : undefined,
        query.entityType ? eq(auditEvents.entityType, query.entityType) : undefined,
        query.entityId ? eq(auditEvents.entityId, query.entityId) : undefined,
        query.from ? gte(auditEvents.createdAt, new Date(`${query.from}T00:00:00Z`)) : undefined,
        query.to ? lt(auditEvents.createdAt, nextDay(query.to)) : undefined,
        query.before ? lt(auditEvents.id, query.before) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  return {
    events: rows.slice(0, AUDIT_PAGE_SIZE).map((r) => ({
      ...r,
      // Addresses are for admins investigating sign-ins only.
      address: isAdmin(viewer) ? r.address : null,
    })),
    more: rows.length > AUDIT_PAGE_SIZE ? rows[AUDIT_PAGE_SIZE - 1].id : null,
  };
}

export async function auditFilterOptions() {
  const [people, types] = await Promise.all([
    db().select({ id: users.id, name: users.name }).from(users).orderBy(users.name),
    db()
      .selectDistinct({ entityType: auditEvents.entityType })
      .from(auditEvents)
      .orderBy(auditEvents.entityType),
  ]);
  return { people, types: types.map((t) => t.entityType) };
}
