// Audit events: append-only (a database trigger refuses UPDATE and DELETE).
// Written in the same transaction as the change they describe.
import { db, type Executor } from "~db/client.server";
import { auditEvents } from "~db/schema";

export type AuditInput = {
  actorUserId: number | null;
  action: string;
  entityType: string;
  entityId?: string | number | null;
  assemblyId?: number | null;
  agencyId?: number | null;
  before?: unknown;
  after?: unknown;
  address?: string | null;
};

export async function recordAudit(executor: Executor, event: AuditInput) {
  await executor.insert(auditEvents).values({
    actorUserId: event.actorUserId,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId == null ? null : String(event.entityId),
    assemblyId: event.assemblyId ?? null,
    agencyId: event.agencyId ?? null,
    before: event.before ?? null,
    after: event.after ?? null,
    address: event.address ?? null,
  });
}

export { db };
