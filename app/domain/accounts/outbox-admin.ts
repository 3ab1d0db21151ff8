// What admins see of e-mail delivery: counts, the messages with their
// attempts and last error, and a retry for failed ones.
import { and, desc, eq, lt, sql } from "drizzle-orm";
import { db } from "~db/client.server";
import { outboxMessages, outboxStatuses } from "~db/schema";
import { ensure, isAdmin, type Viewer } from "../core/access";
import { recordAudit } from "../core/audit";
import { notFound } from "../core/errors";

export type OutboxStatus = (typeof outboxStatuses)[number];
export const OUTBOX_STATUSES = outboxStatuses;

export async function outboxSummary() {
  const [row] = await db()
    .select({
      pending: sql<number>`count(*) filter (where ${outboxMessages.status} in ('pending', 'sending'))::int`,
      failed: sql<number>`count(*) filter (where ${outboxMessages.status} = 'failed')::int`,
      sentToday: sql<number>`count(*) filter (where ${outboxMessages.status} = 'sent' and ${outboxMessages.sentAt} > now() - interval '1 day')::int`,
    })
    .from(outboxMessages);
  return row ?? { pending: 0, failed: 0, sentToday: 0 };
}

export const OUTBOX_PAGE_SIZE = 50;

export async function listOutbox(query: { status?: OutboxStatus; before?: number }) {
  return db()
    .select({
      id: outboxMessages.id,
      template: outboxMessages.template,
      toAddress: outboxMessages.toAddress,
      subject: outboxMessages.subject,
      status: outboxMessages.status,
      attempts: outboxMessages.attempts,
      lastError: outboxMessages.lastError,
      nextAttemptAt: outboxMessages.nextAttemptAt,
      sentAt: outboxMessages.sentAt,
      createdAt: outboxMessages.createdAt,
    })
    .from(outboxMessages)
    .where(
      and(
        query.status ? eq(outboxMessages.status, query.status) : undefined,
        query.before ? lt(outboxMessages.id, query.before) : undefined,
      ),
    )
    .orderBy(desc(outboxMessages.id))
    .limit(OUTBOX_PAGE_SIZE);
}

/** Puts a failed message back in the queue (a fresh 24 hours of tries). */
export async function retryMessage(viewer: Viewer, id: number) {
  ensure(isAdmin(viewer));
  await db().transaction(async (tx) => {
    const rows = await tx
      .update(outboxMessages)
      .set({ status: "pending", nextAttemptAt: new Date(), createdAt: new Date() })
      .where(and(eq(outboxMessages.id, id), eq(outboxMessages.status, "failed")))
      .returning({ id: outboxMessages.id, attempts: outboxMessages.attempts });
    if (!rows.length) throw notFound("That e-mail is not waiting for a retry.");
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "outbox.retried",
      entityType: "outbox_message",
      entityId: id,
      before: { status: "failed", attempts: rows[0].attempts },
      after: { status: "pending" },
    });
  });
}
