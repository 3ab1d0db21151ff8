// The outbox: an e-mail is queued by writing a row in the same transaction
// as the change that causes it, so a rolled-back change sends nothing.
// Delivery (the worker) lives in app/integrations/mailer.server.ts.

import { randomUUID } from "node:crypto";
import { and, eq, inArray, like } from "drizzle-orm";
import { env } from "~/config/env.server";
import type { Executor } from "~db/client.server";
import { outboxMessages } from "~db/schema";

export type OutgoingEmail = {
  to: string;
  template: string;
  subject: string;
  html: string;
  text: string;
  headers?: Record<string, string>;
  /** Messages with the same key are queued once (reminders, digests). */
  dedupeKey?: string;
  /** Held back until then (a decision the chair may still correct). */
  sendAfter?: Date;
};

/** A Message-ID (without angle brackets) unique to one message everywhere, chosen once when it is queued. */
export function newMessageId(): string {
  const host = new URL(env().PUBLIC_URL).hostname || "one-dialogue.invalid";
  return `${randomUUID()}@${host}`;
}

/** Queues a message; returns false when a message with the same dedupeKey already exists. */
export async function enqueueEmail(executor: Executor, email: OutgoingEmail): Promise<boolean> {
  const rows = await executor
    .insert(outboxMessages)
    .values({
      template: email.template,
      toAddress: email.to,
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: email.headers ?? {},
      dedupeKey: email.dedupeKey ?? null,
      ...(email.sendAfter ? { nextAttemptAt: email.sendAfter } : {}),
      messageId: newMessageId(),
    })
    .onConflictDoNothing({ target: outboxMessages.dedupeKey })
    .returning({ id: outboxMessages.id });
  return rows.length > 0;
}

/** The queued messages whose dedupeKey starts with `keyPrefix`, by status. */
export async function queuedEmailsLike(executor: Executor, keyPrefix: string) {
  return executor
    .select({ id: outboxMessages.id, status: outboxMessages.status })
    .from(outboxMessages)
    .where(like(outboxMessages.dedupeKey, `${keyPrefix.replace(/[\\%_]/g, "\\$&")}%`))
    .for("update");
}

/** Cancels messages not yet picked up by the worker; they stay listed, as cancelled, and are never sent. */
export async function cancelEmails(executor: Executor, ids: number[]) {
  if (!ids.length) return 0;
  const rows = await executor
    .update(outboxMessages)
    .set({ status: "cancelled" })
    .where(and(inArray(outboxMessages.id, ids), eq(outboxMessages.status, "pending")))
    .returning({ id: outboxMessages.id });
  return rows.length;
}
