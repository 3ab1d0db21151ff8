// E-mail goes through the outbox: written with the change, delivered by the
// worker to a real SMTP server, kept and retried while the server refuses or
// is down, never sent twice, and given up (visibly) after 24 hours.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  backoffMs,
  deliverDueMessages,
  drainOutbox,
  GIVE_UP_AFTER_MS,
  LEASE_MS,
  smtpTransport,
} from "~/integrations/mailer.server";
import { enqueueEmail } from "~/integrations/outbox.server";
import { outboxMessages } from "~db/schema";
import { buildUser } from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { startSmtp } from "../support/smtp";

const test = useTestDatabase();
let smtp: Awaited<ReturnType<typeof startSmtp>>;
/** The administrator who looks at failed mail. */
let adminEmail: string;

beforeAll(async () => {
  adminEmail = (await buildUser(test.db, { name: "Outbox administrator", isAdmin: true })).email;
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp?.close();
});
beforeEach(async () => {
  // Each test starts with an empty queue.
  await test.db.delete(outboxMessages);
  smtp.received.length = 0;
  smtp.state.refuse = false;
});

/**
 * "Now" for the worker, a second ahead: the database stamps a new message in
 * microseconds and a JavaScript Date has milliseconds, so a message queued in
 * this very millisecond could otherwise look not yet due.
 */
const justAfter = () => new Date(Date.now() + 1000);

const message = (n: number, extra: Partial<Parameters<typeof enqueueEmail>[1]> = {}) => ({
  to: `person${n}@example.org`,
  template: "test",
  subject: `Message ${n}`,
  text: `Plain text of message ${n}`,
  html: `<p>HTML of message ${n}</p>`,
  ...extra,
});

describe("the outbox", () => {
  it("delivers a queued message to the SMTP server with its headers, and marks it sent", async () => {
    await enqueueEmail(
      test.db,
      message(1, { headers: { "List-Unsubscribe": "<https://example.org/u/abc>" } }),
    );
    const report = await drainOutbox({ transport: smtpTransport(smtp.url), now: justAfter() });
    expect(report).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].to).toEqual(["person1@example.org"]);
    expect(smtp.received[0].raw).toMatch(/Subject: Message 1/);
    expect(smtp.received[0].raw).toMatch(/List-Unsubscribe: <https:\/\/example.org\/u\/abc>/);
    expect(smtp.received[0].raw).toMatch(/Message-ID: <[0-9a-f-]{36}@localhost>/i);
    const [row] = await test.db.select().from(outboxMessages);
    expect(row.status).toBe("sent");
    expect(row.attempts).toBe(1);
    // Running the worker again sends nothing more.
    expect(await drainOutbox({ transport: smtpTransport(smtp.url) })).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    });
    expect(smtp.received).toHaveLength(1);
  });

  it("gives each message a Message-ID of its own that its retries repeat, even when row numbers start again", async () => {
    const messageIdOf = (raw: string) => /^Message-ID: (<[^>]+>)/im.exec(raw)?.[1];
    await enqueueEmail(test.db, message(1));
    const smtpServer = smtpTransport(smtp.url);
    // The mail server took the message but the worker died before noting it: after the lease it is sent again.
    const diesAfterSending = {
      async send(outgoing: Parameters<typeof smtpServer.send>[0]) {
        await smtpServer.send(outgoing);
        throw new Error("worker stopped");
      },
    };
    const now = justAfter();
    await drainOutbox({ transport: diesAfterSending, now });
    await drainOutbox({ transport: smtpServer, now: new Date(now.getTime() + backoffMs(1) + 1000) });
    expect(smtp.received).toHaveLength(2);
    const first = messageIdOf(smtp.received[0].raw);
    expect(first).toBeTruthy();
    expect(messageIdOf(smtp.received[1].raw)).toBe(first);

    // A restore or reset on the same host numbers rows from 1 again; the next message is still new.
    await test.db.execute(sql`truncate outbox_messages restart identity`);
    await enqueueEmail(test.db, message(2));
    await drainOutbox({ transport: smtpServer, now: justAfter() });
    const [row] = await test.db.select().from(outboxMessages);
    expect(row.id).toBe(1);
    expect(messageIdOf(smtp.received[2].raw)).not.toBe(first);
    expect(messageIdOf(smtp.received[2].raw)).toBe(`<${row.messageId}>`);
  });

  it("never sends a delivered message again, even once its lease has run out", async () => {
    await enqueueEmail(test.db, message(7));
    const start = justAfter();
    const transport = smtpTransport(smtp.url);
    expect(await deliverDueMessages({ transport, now: start })).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    // A worker that wakes after the claim's lease would have ended must find nothing to do.
    const afterLease = new Date(start.getTime() + LEASE_MS + 1000);
    expect(await deliverDueMessages({ transport, now: afterLease })).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    });
    expect(
      await drainOutbox({ transport, now: new Date(afterLease.getTime() + 24 * 60 * 60 * 1000) }),
    ).toEqual({ sent: 0, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0].to).toEqual(["person7@example.org"]);
    const [row] = await test.db.select().from(outboxMessages);
    expect(row.status).toBe("sent");
    expect(row.attempts).toBe(1);
    expect(row.sentAt).not.toBeNull();
  });

  it("keeps messages while the server refuses them, then delivers each exactly once when it accepts", async () => {
    for (const n of [1, 2, 3]) await enqueueEmail(test.db, message(n));
    smtp.state.refuse = true;
    const now = justAfter();
    expect(await drainOutbox({ transport: smtpTransport(smtp.url), now })).toEqual({
      sent: 0,
      retrying: 3,
      failed: 0,
    });
    const waiting = await test.db.select().from(outboxMessages);
    expect(
      waiting.every(
        (m) => m.status === "pending" && m.attempts === 1 && /451|unavailable/i.test(m.lastError ?? ""),
      ),
    ).toBe(true);
    // Not due again until the backoff has passed.
    expect(await drainOutbox({ transport: smtpTransport(smtp.url), now })).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    });
    smtp.state.refuse = false;
    const later = new Date(now.getTime() + backoffMs(1) + 1000);
    expect(await drainOutbox({ transport: smtpTransport(smtp.url), now: later })).toEqual({
      sent: 3,
      retrying: 0,
      failed: 0,
    });
    expect(smtp.received.map((r) => r.to[0]).sort()).toEqual([
      "person1@example.org",
      "person2@example.org",
      "person3@example.org",
    ]);
  });

  it("keeps messages while the server is down, and delivers them when it comes back", async () => {
    const down = await startSmtp();
    const url = down.url;
    const port = down.port;
    await down.close();
    await enqueueEmail(test.db, message(7));
    const now = justAfter();
    expect(await drainOutbox({ transport: smtpTransport(url), now })).toMatchObject({ sent: 0, retrying: 1 });
    const [row] = await test.db.select().from(outboxMessages);
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    const back = await startSmtp(port);
    try {
      const later = new Date(now.getTime() + backoffMs(1) + 1000);
      expect(await drainOutbox({ transport: smtpTransport(url), now: later })).toMatchObject({ sent: 1 });
      expect(back.received).toHaveLength(1);
    } finally {
      await back.close();
    }
  });

  it("leaves nothing behind when the change that queued a message rolls back", async () => {
    await expect(
      test.db.transaction(async (tx) => {
        await enqueueEmail(tx, message(9));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow(/the change failed/);
    expect(await test.db.$count(outboxMessages)).toBe(0);
  });

  it("queues a message with a dedupe key once, however often it is asked", async () => {
    expect(await enqueueEmail(test.db, message(4, { dedupeKey: "reminder:task:1:2026-11-23" }))).toBe(true);
    expect(await enqueueEmail(test.db, message(4, { dedupeKey: "reminder:task:1:2026-11-23" }))).toBe(false);
    expect(await test.db.$count(outboxMessages)).toBe(1);
  });

  it("sends each message once when several workers drain at the same moment", async () => {
    for (let n = 0; n < 30; n++) await enqueueEmail(test.db, message(n));
    const transport = smtpTransport(smtp.url);
    const reports = await Promise.all(
      [1, 2, 3, 4].map(() => deliverDueMessages({ transport, batch: 10, now: justAfter() })),
    );
    await drainOutbox({ transport, now: justAfter() });
    expect(reports.reduce((sum, r) => sum + r.sent, 0)).toBeGreaterThan(0);
    expect(smtp.received).toHaveLength(30);
    expect(new Set(smtp.received.map((r) => r.to[0])).size).toBe(30);
  });

  it("gives up after 24 hours of failures, marks the message failed and shows it to admins, who can retry it", async () => {
    await enqueueEmail(test.db, message(5));
    smtp.state.refuse = true;
    const start = justAfter();
    let now = start;
    let rounds = 0;
    while (rounds++ < 100) {
      const report = await drainOutbox({ transport: smtpTransport(smtp.url), now });
      if (report.failed) break;
      const [row] = await test.db.select().from(outboxMessages);
      now = new Date(row.nextAttemptAt.getTime() + 1000);
    }
    const [failed] = await test.db.select().from(outboxMessages);
    expect(failed.status).toBe("failed");
    expect(now.getTime() - start.getTime()).toBeGreaterThanOrEqual(GIVE_UP_AFTER_MS);
    // Backoff kept the tries few, not one every few seconds for a day.
    expect(failed.attempts).toBeLessThan(40);
    // A failed message is not retried by the worker.
    expect(
      await drainOutbox({ transport: smtpTransport(smtp.url), now: new Date(now.getTime() + 86_400_000) }),
    ).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    });

    const admin = await cookieFor(adminEmail);
    const page = await send("GET", "/admin/outbox?status=failed", { cookie: admin });
    const listed = (page.data as { messages: Array<{ id: number; attempts: number; lastError: string }> })
      .messages;
    expect(listed.map((m) => m.id)).toEqual([failed.id]);
    expect(listed[0].attempts).toBe(failed.attempts);
    expect(listed[0].lastError).toMatch(/451|unavailable/i);
    const home = await send("GET", "/admin", { cookie: admin });
    expect((home.data as { outbox: { failed: number } }).outbox.failed).toBe(1);

    smtp.state.refuse = false;
    expect(
      (await send("POST", "/admin/outbox", { cookie: admin, form: { id: String(failed.id) } })).status,
    ).toBe(302);
    expect(await drainOutbox({ transport: smtpTransport(smtp.url) })).toMatchObject({ sent: 1 });
    const [sent] = await test.db.select().from(outboxMessages).where(eq(outboxMessages.id, failed.id));
    expect(sent.status).toBe("sent");
  });
});
