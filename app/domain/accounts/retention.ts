// Records are kept for the retention period (DESIGN.md §2.4). After it, a
// resident's contact details are removed from their concern, while the public
// record (wording, priority, outcome) and the audit trail stay; so are residents'
// private comments on "Has this got better?" (the answers, counted, stay).
// Links finished with (invitations, password resets, invitations to a team)
// go a month after they were used, answered, withdrawn or expired: a team
// invitation holds the address and name its coordinator typed.
import { and, inArray, isNotNull, isNull, like, lt, or, sql } from "drizzle-orm";
import { type Database, db } from "~db/client.server";
import {
  agencyInvitations,
  concerns,
  improvementAnswers,
  loginAttempts,
  outboxMessages,
  priorities,
  priorityConcerns,
  rateLimitEvents,
  sessions,
  userTokens,
} from "~db/schema";
import { recordAudit } from "../core/audit";

/** What an e-mail's recipient reads as once the retention rule has removed the address. */
export const REMOVED_ADDRESS = "removed under the retention rule";

export type RetentionResult = {
  contactsRemoved: number;
  commentsRemoved: number;
  sessionsRemoved: number;
  loginAttemptsRemoved: number;
  rateLimitEventsRemoved: number;
  /** Single-use links (choose or reset a password) finished with a month ago. */
  linksRemoved: number;
  /** Invitations to join a team answered, withdrawn or expired a month ago. */
  teamInvitationsRemoved: number;
};

/** How long a finished link stays, so that opening it says "already used" or "expired", not "not valid". */
export const FINISHED_LINKS_KEPT_DAYS = 30;

/**
 * Removes contact details from concerns whose case ended more than `years` ago:
 * adopted concerns when their priority closed; other concerns once moderated.
 */
export async function applyRetention(
  options: { years: number; now?: Date },
  database: Database = db(),
): Promise<RetentionResult> {
  if (!Number.isInteger(options.years) || options.years < 3) {
    throw new RangeError("Records are kept for at least 3 years");
  }
  const now = options.now ?? new Date();
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - options.years);

  return database.transaction(async (tx) => {
    const closedPriorityConcerns = tx
      .select({ id: priorityConcerns.concernId })
      .from(priorityConcerns)
      .innerJoin(priorities, sql`${priorities.id} = ${priorityConcerns.priorityId}`)
      .where(and(isNotNull(priorities.closedAt), lt(priorities.closedAt, cutoff)));
    const removed = await tx
      .update(concerns)
      .set({
        contactName: null,
        contactEmail: null,
        contactPhone: null,
        contactRemovedAt: now,
        updatedAt: now,
      })
      .where(
        and(
          isNull(concerns.contactRemovedAt),
          or(
            isNotNull(concerns.contactName),
            isNotNull(concerns.contactEmail),
            isNotNull(concerns.contactPhone),
          ),
          or(
            sql`${concerns.id} in (${closedPriorityConcerns})`,
            and(
              sql`${concerns.status} in ('answered', 'referred', 'not_adopted')`,
              sql`coalesce(${concerns.moderatedAt}, ${concerns.updatedAt}) < ${cutoff.toISOString()}::timestamptz`,
            ),
          ),
        ),
      )
      .returning({ id: concerns.id });
    if (removed.length) {
      // The resident's address also goes from the e-mails sent about those concerns.
      const ids = removed.map((r) => r.id);
      await tx
        .update(outboxMessages)
        .set({ toAddress: REMOVED_ADDRESS })
        .where(
          or(
            inArray(
              outboxMessages.dedupeKey,
              ids.map((id) => `concern-acknowledgement:${id}`),
            ),
            ...ids.map((id) => like(outboxMessages.dedupeKey, `concern-decision:${id}:%`)),
          ),
        );
      await recordAudit(tx, {
        actorUserId: null,
        action: "retention.contact_details_removed",
        entityType: "concern",
        after: { concernIds: removed.map((r) => r.id), retentionYears: options.years },
      });
    }
    const closedPriorities = tx
      .select({ id: priorities.id })
      .from(priorities)
      .where(and(isNotNull(priorities.closedAt), lt(priorities.closedAt, cutoff)));
    const comments = await tx
      .update(improvementAnswers)
      .set({ comment: null })
      .where(
        and(
          isNotNull(improvementAnswers.comment),
          sql`${improvementAnswers.priorityId} in (${closedPriorities})`,
        ),
      )
      .returning({ id: improvementAnswers.id });
    const dayAgo = new Date(now.getTime() - 86_400_000);
    const monthAgo = new Date(now.getTime() - 30 * 86_400_000);
    const expiredSessions = await tx
      .delete(sessions)
      .where(lt(sessions.expiresAt, now))
      .returning({ id: sessions.id });
    const oldAttempts = await tx
      .delete(loginAttempts)
      .where(lt(loginAttempts.createdAt, monthAgo))
      .returning({ id: loginAttempts.id });
    const oldEvents = await tx
      .delete(rateLimitEvents)
      .where(lt(rateLimitEvents.createdAt, dayAgo))
      .returning({ id: rateLimitEvents.id });
    const linksCutoff = new Date(now.getTime() - FINISHED_LINKS_KEPT_DAYS * 86_400_000);
    // Invitations first: one may point at an account's link (set to null when that goes).
    const oldInvitations = await tx
      .delete(agencyInvitations)
      .where(
        or(
          lt(agencyInvitations.expiresAt, linksCutoff),
          lt(agencyInvitations.acceptedAt, linksCutoff),
          lt(agencyInvitations.declinedAt, linksCutoff),
          lt(agencyInvitations.withdrawnAt, linksCutoff),
        ),
      )
      .returning({ id: agencyInvitations.id });
    const oldLinks = await tx
      .delete(userTokens)
      .where(or(lt(userTokens.expiresAt, linksCutoff), lt(userTokens.usedAt, linksCutoff)))
      .returning({ id: userTokens.id });
    return {
      contactsRemoved: removed.length,
      commentsRemoved: comments.length,
      sessionsRemoved: expiredSessions.length,
      loginAttemptsRemoved: oldAttempts.length,
      rateLimitEventsRemoved: oldEvents.length,
      linksRemoved: oldLinks.length,
      teamInvitationsRemoved: oldInvitations.length,
    };
  });
}
