// Delivers the outbox. Every app process runs this; rows are claimed with
// FOR UPDATE SKIP LOCKED so no two processes take the same message. A claim is
// a lease: a process that dies mid-send leaves the row to be taken again after
// the lease. Failures retry with backoff; after 24 hours a message is failed.
import fs from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "~/config/env.server";
import { db, rowsOf } from "~db/client.server";
import { outboxMessages } from "~db/schema";

export const GIVE_UP_AFTER_MS = 24 * 60 * 60 * 1000;
/** How long a claim holds a message before another worker may take it again. */
export const LEASE_MS = 2 * 60 * 1000;

/** 30 s, 1, 2, 4 … minutes, at most an hour between tries. */
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 60 * 60 * 1000);
}

export type Outgoing = {
  id: number;
  /** Stored on the outbox row when queued: every retry of this message repeats it. */
  messageId: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
};

export type MailTransport = { send: (message: Outgoing) => Promise<void>; close?: () => void };

export function smtpTransport(url: string): MailTransport {
  const parsed = new URL(url);
  const transporter: Transporter = nodemailer.createTransport({
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : parsed.protocol === "smtps:" ? 465 : 587,
    secure: parsed.protocol === "smtps:",
    auth: parsed.username
      ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) }
      : undefined,
    // A local relay without TLS (development, tests) is allowed with ?ignoreTLS=true.
    ignoreTLS: parsed.searchParams.get("ignoreTLS") === "true",
    // A mail server that hangs must not hold the worker: fail fast and retry later.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(message) {
      await transporter.sendMail({
        from: env().MAIL_FROM,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
        // Chosen when queued: a resend after a crash repeats it, and no other message ever has it.
        messageId: `<${message.messageId}>`,
      });
    },
    close: () => transporter.close(),
  };
}

/** Development without SMTP_URL: each message becomes a JSON file, listed at /dev/mail. */
export function folderTransport(dir: string): MailTransport {
  return {
    async send(message) {
      await fs.promises.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${String(message.id).padStart(8, "0")}.json`);
      await fs.promises.writeFile(
        file,
        JSON.stringify({ ...message, from: env().MAIL_FROM, sentAt: new Date().toISOString() }, null, 2),
      );
    },
  };
}

let configured: MailTransport | undefined;

export function defaultTransport(): MailTransport {
  if (!configured) {
    const url = env().SMTP_URL;
    configured = url ? smtpTransport(url) : folderTransport(path.resolve(env().MAIL_CAPTURE_DIR));
  }
  return configured;
}

export function closeTransport() {
  configured?.close?.();
  configured = undefined;
}

type ClaimedRow = {
  id: number;
  message_id: string;
  to_address: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string> | string;
  attempts: number;
  created_at: string | Date;
};

export type DeliveryReport = { sent: number; retrying: number; failed: number };

/** Claims due messages (a batch), sends them, and records each result. */
export async function deliverDueMessages(
  options: { transport?: MailTransport; now?: Date; batch?: number } = {},
): Promise<DeliveryReport> {
  const transport = options.transport ?? defaultTransport();
  const now = options.now ?? new Date();
  const batch = options.batch ?? 20;
  const claimed = await db().execute(sql`
    update ${outboxMessages} set status = 'sending', attempts = attempts + 1,
      next_attempt_at = ${new Date(now.getTime() + LEASE_MS).toISOString()}::timestamptz
    where id in (
      select id from ${outboxMessages}
      where status in ('pending', 'sending') and next_attempt_at <= ${now.toISOString()}::timestamptz
      order by next_attempt_at, id
      limit ${batch}
      for update skip locked
    )
    returning id, message_id, to_address, subject, html, text, headers, attempts, created_at`);
  const report: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  for (const row of rowsOf<ClaimedRow>(claimed)) {
    const id = Number(row.id);
    try {
      await transport.send({
        id,
        messageId: row.message_id,
        to: row.to_address,
        subject: row.subject,
        html: row.html,
        text: row.text,
        headers: typeof row.headers === "string" ? JSON.parse(row.headers) : (row.headers ?? {}),
      });
      await db()
        .update(outboxMessages)
        .set({ status: "sent", sentAt: new Date(), lastError: null })
        .where(and(eq(outboxMessages.id, id), eq(outboxMessages.status, "sending")));
      report.sent++;
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      const age = now.getTime() - new Date(row.created_at).getTime();
      const giveUp = age >= GIVE_UP_AFTER_MS;
      await db()
        .update(outboxMessages)
        .set({
          status: giveUp ? "failed" : "pending",
          lastError: message,
          nextAttemptAt: new Date(now.getTime() + backoffMs(row.attempts)),
        })
        .where(eq(outboxMessages.id, id));
      if (giveUp) report.failed++;
      else report.retrying++;
    }
  }
  return report;
}

/** Drains everything due now (used by the job and by tests). */
export async function drainOutbox(options: { transport?: MailTransport; now?: Date } = {}) {
  const total: DeliveryReport = { sent: 0, retrying: 0, failed: 0 };
  for (let round = 0; round < 50; round++) {
    const report = await deliverDueMessages(options);
    total.sent += report.sent;
    total.retrying += report.retrying;
    total.failed += report.failed;
    if (report.sent + report.retrying + report.failed === 0) break;
  }
  return total;
}
