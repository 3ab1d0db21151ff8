// Reading the audit log: admins all of it; chairs their assembly's events;
// coordinators their agency's (DESIGN.md §6). Filter by person, record and date.
import { and, desc, eq, gte, inArray, lt, or, type SQL } from "drizzle-orm";
import { z } from "zod";
import { db } from "~db/client.server";
import { auditEvents, users } from "~db/schema";
import { ensure, isAdmin, type Viewer } from "../core/access";
import { idSchema } from "../core/ids";

export const AUDIT_PAGE_SIZE = 50;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
  .optional()
  .catch(undefined);

export const auditQuerySchema = z.object({
  user: idSchema.optional().catch(undefined),
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
      summary: describeAuditEvent(r),
      changes: changedFields(r.before, r.after),
      // Addresses are for admins investigating sign-ins only.
      address: isAdmin(viewer) ? readableAddress(r.address) : null,
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

// ---------------------------------------------------------------- in words

// What each kind of event says after the person's name; others are worded from their last part.
const ACTION_WORDS: Record<string, string> = {
  "task.offered": "offered",
  "task.created": "offered",
  "task.accepted": "accepted",
  "task.declined": "declined",
  "task.declined_withdrawn": "withdrew the declined",
  "task.reoffered": "offered again",
  "task.update_posted": "posted an update on",
  "task.action_plan": "gave the action plan for",
  "task.completed": "recorded the outcome of",
  "task.reopened": "reopened",
  "task.reassigned": "reassigned",
  "task.withdrawn": "withdrew",
  "task.reminder.not_accepted": "sent a reminder (not accepted in time) about",
  "task.reminder.due_soon": "sent a reminder (due soon) about",
  "task.reminder.overdue": "sent a reminder (overdue) about",
  "priority.agreed": "agreed",
  "priority.imported_from_police_uk": "imported from police.uk",
  "concern.recorded": "recorded",
  "concern.raised_online": "received online",
  "concern.moderated": "moderated",
  "concern.adopted": "adopted",
  "meeting.scheduled": "scheduled",
  "meeting.edited": "changed",
  "meeting.recorded": "recorded as held",
  "meeting.record_corrected": "corrected the record of",
  "meeting.cancelled": "cancelled",
  "meeting.published": "published",
  "meeting.unrecorded_reminder": "sent a reminder to record",
  "sign_in.succeeded": "signed in",
  "sign_in.failed": "failed to sign in",
  "sign_in.refused_locked": "was refused sign-in (too many tries)",
  "password.changed": "changed the password of",
  "password.reset": "reset the password of",
  "password.reset_requested": "asked for a password reset for",
  "invitation.accepted": "accepted the invitation for",
  "user.invited": "invited",
  "user.deactivated": "deactivated",
  "user.reactivated": "reactivated",
  "user.sessions_ended": "signed out everywhere",
  "user.name_changed": "changed the name of",
  // Older rows (before the one mail-preference path) say user.mail_preference.
  "user.mail_preference": "changed the e-mail preference of",
  "user.mail_preference_changed": "changed the e-mail preference of",
  "chair.added": "made a chair:",
  "chair.removed": "removed a chair:",
  "membership.added": "added a member:",
  "membership.removed": "removed a member:",
  "membership.role_changed": "changed a member's role:",
  "report.published": "published",
  "agency.weekly_digest": "sent the weekly digest to",
  "outbox.retried": "retried e-mail",
  "retention.contact_details_removed": "removed residents' contact details from",
};

const SUFFIX_WORDS: Record<string, string> = {
  created: "created",
  updated: "changed",
  added: "added",
  removed: "removed",
  deleted: "deleted",
};

const fieldWords = (key: string) =>
  key
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/_/g, " ")
    .toLowerCase();

/** "Sergeant Pat Morgan posted an update on task 14". */
export function describeAuditEvent(event: {
  action: string;
  actorName: string | null;
  entityType: string;
  entityId: string | null;
}): string {
  const last = event.action.split(".").at(-1) ?? event.action;
  const verb = ACTION_WORDS[event.action] ?? SUFFIX_WORDS[last] ?? fieldWords(last);
  const record = `${fieldWords(event.entityType)}${event.entityId ? ` ${event.entityId}` : ""}`;
  const signIn = event.action.startsWith("sign_in.");
  const who = event.actorName ?? (signIn ? "Someone" : "The system");
  return signIn ? `${who} ${verb}` : `${who} ${verb} ${record}`;
}

function valueInWords(value: unknown): string {
  if (value == null || value === "") return "—";
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) return value.map(valueInWords).join(", ") || "—";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/** The fields an event changed, each with its value before and after, in words. */
export function changedFields(before: unknown, after: unknown) {
  const asRecord = (v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  const was = asRecord(before);
  const now = asRecord(after);
  const keys = [...new Set([...Object.keys(was), ...Object.keys(now)])];
  return keys
    .filter((key) => JSON.stringify(was[key]) !== JSON.stringify(now[key]))
    .map((key) => ({
      field: fieldWords(key),
      before: key in was ? valueInWords(was[key]) : null,
      after: key in now ? valueInWords(now[key]) : null,
    }));
}

/** An IPv4 address as people write it (no IPv6-mapped prefix). */
export function readableAddress(address: string | null) {
  return address?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "") ?? null;
}
