// Signing in and out, lock-out, invitations, password resets and session
// revocation, through the real routes and a real database.
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { safeRedirect } from "~/auth/guards.server";
import { sessionCookie } from "~/auth/session.server";
import {
  PASSWORD_RESET_RATE_LIMIT,
  requestPasswordReset,
  SIGN_IN_LIMIT,
  setPasswordWithToken,
  sha256,
  signIn,
  signInDelayMs,
} from "~/domain/accounts/accounts";
import { describeAuditEvent } from "~/domain/accounts/audit-log";
import { hashPassword } from "~/lib/password.server";
import { auditEvents, loginAttempts, outboxMessages, sessions, users, userTokens } from "~db/schema";
import { buildAgency, buildAssembly, buildUser } from "../factories/build";
import { viewer } from "../factories/demo";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();
/** Everyone below signs in with this password. */
const PASSWORD = "a password for the test people";

/** The people of this story, by e-mail. */
const PEOPLE = {
  admin: "admin@council.example.org",
  chair: "chair@assembly.example.org",
  police: "pat.morgan@police.example.org",
  asbCoordinator: "sam.ahmed@council.example.org",
  tradingStandards: "trading.standards@council.example.org",
} as const;
let tradingStandardsAgency: number;

beforeAll(async () => {
  const password = PASSWORD;
  const assembly = await buildAssembly(test.db, { name: "Rotherham South" });
  const asb = await buildAgency(test.db, { name: "Council anti-social behaviour team", kind: "council" });
  const police = await buildAgency(test.db, { name: "Neighbourhood policing team", kind: "police" });
  tradingStandardsAgency = (
    await buildAgency(test.db, { name: "Trading Standards", kind: "trading_standards" })
  ).id;
  await buildUser(test.db, { password, email: PEOPLE.admin, name: "Alex Admin", isAdmin: true });
  // The chair of one assembly, and of nothing else.
  await buildUser(test.db, { password, email: PEOPLE.chair, name: "Chris Chair", chairs: [assembly.id] });
  await buildUser(test.db, { password, email: PEOPLE.police, name: "Pat Morgan", agencies: [police.id] });
  await buildUser(test.db, {
    password,
    email: PEOPLE.asbCoordinator,
    name: "Sam Ahmed",
    agencies: [{ agencyId: asb.id, role: "coordinator" }],
  });
  await buildUser(test.db, {
    password,
    email: PEOPLE.tradingStandards,
    name: "Tracy Standards",
    agencies: [tradingStandardsAgency],
  });
});

const cookieOf = (setCookie: string | null) => (setCookie ?? "").split(";")[0];

async function login(email: string, password: string, options: { address?: string; returnTo?: string } = {}) {
  return send("POST", "/login", {
    form: { email, password, returnTo: options.returnTo ?? "" },
    clientAddress: options.address ?? "203.0.113.1",
  });
}

async function userId(email: string) {
  const [row] = await test.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row.id;
}

/** The link (token) in the newest outbox message to this address. */
async function linkSentTo(email: string, path: string) {
  const [message] = await test.db
    .select()
    .from(outboxMessages)
    .where(eq(outboxMessages.toAddress, email))
    .orderBy(desc(outboxMessages.id))
    .limit(1);
  const match = message?.text.match(new RegExp(`${path}/([A-Za-z0-9_-]+)`));
  if (!match) throw new Error(`No ${path} link sent to ${email}`);
  return match[1];
}

describe("signing in", () => {
  it("signs a user in with an HttpOnly, SameSite=Lax cookie holding only a signed session id", async () => {
    const reply = await login(PEOPLE.chair, PASSWORD);
    expect(reply.status).toBe(302);
    // The chair runs one assembly, so goes straight to it.
    expect(reply.location).toMatch(/^\/chair\/\d+$/);
    const setCookie = reply.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/chair@assembly/);
    const [row] = await test.db
      .select()
      .from(sessions)
      .where(eq(sessions.userId, await userId(PEOPLE.chair)))
      .orderBy(desc(sessions.createdAt))
      .limit(1);
    // The cookie is the id plus a signature; the database row carries the user.
    expect(await sessionCookie().parse(cookieOf(setCookie))).toBe(row.id);
    const account = await send("GET", "/account", { cookie: cookieOf(setCookie) });
    expect(account.status).toBe(200);
    expect((account.data as { email: string }).email).toBe(PEOPLE.chair);
  });

  it("refuses a wrong password with a message that does not say which part was wrong, and audits it", async () => {
    const reply = await login(PEOPLE.police, "not the password");
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.data)).toMatch(/e-mail address or password is not right/);
    expect(reply.headers.get("Set-Cookie")).toBeNull();
    const [event] = await test.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, "sign_in.failed"))
      .orderBy(desc(auditEvents.id))
      .limit(1);
    expect(event.after).toMatchObject({ email: PEOPLE.police, reason: "password" });
  });

  it("gives a forged or tampered cookie no session", async () => {
    const good = await cookieFor(PEOPLE.admin);
    const tampered = good.replace(/.$/, (c) => (c === "A" ? "B" : "A"));
    expect((await send("GET", "/admin", { cookie: tampered })).location).toMatch(/^\/login/);
    expect(
      (await send("GET", "/admin", { cookie: "od_session=made-up-session-id-1234567890" })).location,
    ).toMatch(/^\/login/);
    expect((await send("GET", "/admin", { cookie: good })).status).toBe(200);
  });

  it("goes back to the page that asked, and only to a page on this site", async () => {
    const asked = await send("GET", "/admin/users?x=1");
    expect(asked.location).toBe(`/login?returnTo=${encodeURIComponent("/admin/users?x=1")}`);
    const back = await login(PEOPLE.admin, PASSWORD, { returnTo: "/admin/users?x=1" });
    expect(back.location).toBe("/admin/users?x=1");
    for (const hostile of [
      "https://evil.example/",
      "//evil.example/",
      "/\\evil.example",
      "javascript:alert(1)",
      "/%0d%0aSet-Cookie:x",
    ]) {
      const reply = await login(PEOPLE.admin, PASSWORD, { returnTo: hostile });
      expect(reply.status).toBe(302);
      expect(reply.location?.startsWith("/")).toBe(true);
      expect(reply.location?.startsWith("//")).toBe(false);
      expect(reply.location).not.toMatch(/evil|javascript|[\r\n]/);
    }
    expect(safeRedirect("/\t/evil.example")).toBe("/");
  });

  // Paths that normalise to "//evil.example", which a browser reads as another host.
  const DOT_SEGMENT_ESCAPES = [
    "/.//evil.example",
    "/..//evil.example",
    "/%2e//evil.example",
    "/%2E%2E//evil.example",
    "/a/..//evil.example",
    "/a/.././/evil.example/path?x=1",
    "/./\\evil.example",
    "/.%2f/evil.example",
  ];
  const staysHere = (location: string | null) => {
    const here = "https://one-dialogue.example";
    const target = new URL(location ?? "", `${here}/login`);
    return target.origin === here && !/^\/[/\\]/.test(location ?? "");
  };

  it("never sends someone to another site after signing in by POST, whatever dot segments the address has", async () => {
    for (const hostile of DOT_SEGMENT_ESCAPES) {
      const reply = await login(PEOPLE.admin, PASSWORD, { returnTo: hostile, address: "203.0.113.70" });
      expect(reply.status, hostile).toBe(302);
      expect(staysHere(reply.location), `${hostile} → ${reply.location}`).toBe(true);
    }
  });

  it("never sends someone already signed in to another site from /login?returnTo=", async () => {
    const cookie = await cookieFor(PEOPLE.chair);
    for (const hostile of DOT_SEGMENT_ESCAPES) {
      const reply = await send("GET", `/login?returnTo=${encodeURIComponent(hostile)}`, { cookie });
      expect(reply.status, hostile).toBe(302);
      expect(staysHere(reply.location), `${hostile} → ${reply.location}`).toBe(true);
    }
    // A path that only looks odd but stays here is kept, normalised.
    expect(safeRedirect("/a/../chair?x=1")).toBe("/chair?x=1");
  });

  it("starts a new session at every sign-in and ends the one the browser had (no fixation)", async () => {
    const before = await cookieFor(PEOPLE.police);
    const reply = await send("POST", "/login", {
      cookie: before,
      form: { email: PEOPLE.police, password: PASSWORD },
      clientAddress: "203.0.113.2",
    });
    const after = cookieOf(reply.headers.get("Set-Cookie"));
    expect(after).not.toBe(before);
    expect((await send("GET", "/account", { cookie: before })).location).toMatch(/^\/login/);
    expect((await send("GET", "/account", { cookie: after })).status).toBe(200);
  });
});

describe("signing out", () => {
  it("deletes the session row, so the old cookie is worthless afterwards", async () => {
    const cookie = await cookieFor(PEOPLE.tradingStandards);
    const countBefore = await test.db.$count(sessions);
    const reply = await send("POST", "/logout", { cookie });
    expect(reply.status).toBe(302);
    expect(reply.headers.get("Set-Cookie")).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect(await test.db.$count(sessions)).toBe(countBefore - 1);
    expect((await send("GET", "/account", { cookie })).location).toMatch(/^\/login/);
    const [event] = await test.db.select().from(auditEvents).where(eq(auditEvents.action, "sign_out"));
    expect(event.actorUserId).toBe(await userId(PEOPLE.tradingStandards));
  });

  it("does not sign out on a GET (a link or image cannot sign someone out)", async () => {
    const cookie = await cookieFor(PEOPLE.tradingStandards);
    await send("GET", "/logout", { cookie });
    expect((await send("GET", "/account", { cookie })).status).toBe(200);
  });
});

describe("brute-force protection", () => {
  // A fixed clock: the waits are measured from the attempts' own times.
  const T0 = new Date("2026-03-02T10:00:00Z");
  const at = (ms: number) => new Date(T0.getTime() + ms);
  let accounts = 0;
  async function freshAccount(password: string) {
    accounts += 1;
    const email = `slow${accounts}@example.org`;
    await test.db
      .insert(users)
      .values({ email, name: `Sam Slow ${accounts}`, passwordHash: await hashPassword(password) });
    return email;
  }
  /** `count` more wrong passwords, each from another address and as soon as allowed; returns the last one's time. */
  async function failRepeatedly(
    email: string,
    count: number,
    clock = { failures: 0, last: -1 },
    origin = T0,
  ) {
    for (let i = 0; i < count; i++) {
      const time = clock.last < 0 ? 0 : clock.last + signInDelayMs(clock.failures) + 1;
      const address = `10.${accounts}.${Math.floor(clock.failures / 200)}.${clock.failures % 200}`;
      await expect(
        signIn({ email, password: "guess", address }, new Date(origin.getTime() + time)),
      ).rejects.toThrow(/not right/);
      clock.failures += 1;
      clock.last = time;
    }
    return clock.last;
  }

  it("slows an account down after 5 failures with a growing wait, says how long, and never locks its owner out", async () => {
    const email = await freshAccount("right password 1");
    expect([1, 4, 5, 6, 7, 20].map(signInDelayMs)).toEqual([0, 0, 1000, 2000, 4000, 60_000]);
    const clock = { failures: 0, last: -1 };
    const last = await failRepeatedly(email, 5, clock);
    const tooSoon = signIn({ email, password: "right password 1", address: "192.0.2.200" }, at(last + 500));
    await expect(tooSoon).rejects.toThrow(/wait 1 second and try again, or reset your password/);
    await expect(tooSoon).rejects.toMatchObject({ retryAt: at(last + 1000) });
    // Many more guesses from many addresses: the wait grows to a minute and no further.
    const twentieth = await failRepeatedly(email, 15, clock);
    await expect(
      signIn({ email, password: "right password 1", address: "192.0.2.201" }, at(twentieth + 59_000)),
    ).rejects.toThrow(/wait 1 second/);
    await expect(
      signIn({ email, password: "right password 1", address: "192.0.2.201" }, at(twentieth + 60_000)),
    ).resolves.toMatchObject({ userId: expect.any(Number) });
  });

  it("answers a try during the wait with 429 and no cookie", async () => {
    const email = await freshAccount("right password 2");
    // Ten failures as fast as allowed, ending about now: the next try must wait half a minute.
    await failRepeatedly(email, 10, undefined, new Date(Date.now() - 30_000));
    const refused = await login(email, "right password 2", { address: "192.0.2.199" });
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.data)).toMatch(
      /Too many failed sign-ins for this account.*wait \d+ seconds/,
    );
    expect(refused.headers.get("Set-Cookie")).toBeNull();
  });

  it("lets a completed password reset lift the wait at once", async () => {
    const email = await freshAccount("right password 3");
    const last = await failRepeatedly(email, 9);
    await expect(
      signIn({ email, password: "right password 3", address: "192.0.2.210" }, at(last + 1000)),
    ).rejects.toThrow(/wait \d+ seconds/);
    await requestPasswordReset(email, {
      baseUrl: "http://localhost:3000",
      address: null,
      now: at(last + 2000),
    });
    const token = await linkSentTo(email, "/reset-password");
    await setPasswordWithToken("password_reset", token, "a brand new password", null, at(last + 3000));
    await expect(
      signIn({ email, password: "a brand new password", address: "192.0.2.211" }, at(last + 4000)),
    ).resolves.toMatchObject({ userId: expect.any(Number) });
  });

  it("does not slow the owner's own device, where the account signed in before", async () => {
    const email = await freshAccount("right password 4");
    await signIn({ email, password: "right password 4", address: "198.51.100.20" }, at(0));
    const last = await failRepeatedly(email, 12, { failures: 0, last: 1000 });
    await expect(
      signIn({ email, password: "right password 4", address: "198.51.100.21" }, at(last + 1)),
    ).rejects.toThrow(/wait/);
    await expect(
      signIn({ email, password: "right password 4", address: "198.51.100.20" }, at(last + 2)),
    ).resolves.toMatchObject({ userId: expect.any(Number) });
  });

  it("refuses an address after 10 failures, whichever accounts it tried, and counts in the database", async () => {
    const address = "192.0.2.99";
    for (let i = 0; i < SIGN_IN_LIMIT.failures; i++) {
      await login(`nobody${i}@example.org`, "guess", { address });
    }
    const stored = await test.db.$count(loginAttempts, eq(loginAttempts.address, address));
    expect(stored).toBe(SIGN_IN_LIMIT.failures);
    const refused = await login(PEOPLE.admin, PASSWORD, { address });
    expect(refused.status).toBe(429);
    // Another address is not affected.
    expect((await login(PEOPLE.admin, PASSWORD, { address: "192.0.2.98" })).status).toBe(302);
  });

  it("refuses a deactivated account with the same message as a wrong password", async () => {
    const admin = await viewer(PEOPLE.admin, test.db);
    const { setUserActive } = await import("~/domain/accounts/accounts");
    const id = await userId(PEOPLE.tradingStandards);
    const cookie = await cookieFor(PEOPLE.tradingStandards);
    await setUserActive(admin, id, false);
    expect((await send("GET", "/account", { cookie })).location).toMatch(/^\/login/);
    expect(await test.db.$count(sessions, eq(sessions.userId, id))).toBe(0);
    const reply = await login(PEOPLE.tradingStandards, PASSWORD, { address: "203.0.113.50" });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(reply.data)).toMatch(/not right/);
    await setUserActive(admin, id, true);
    expect((await login(PEOPLE.tradingStandards, PASSWORD, { address: "203.0.113.51" })).status).toBe(302);
  });
});

describe("invitations", () => {
  it("lets an invited person set a password once, signs them in, and refuses the link a second time", async () => {
    const admin = await cookieFor(PEOPLE.admin);
    const agencyId = String(tradingStandardsAgency);
    const invited = await send("POST", "/admin/users/invite", {
      cookie: admin,
      form: { email: "New.Officer@Example.org", name: "Nia Officer", agencyId, role: "member" },
    });
    expect(invited.status).toBe(302);
    const token = await linkSentTo("new.officer@example.org", "/invitations");
    // Only the hash is stored.
    const [stored] = await test.db
      .select()
      .from(userTokens)
      .where(eq(userTokens.tokenHash, sha256(token)));
    expect(stored.kind).toBe("invitation");
    expect(await test.db.$count(userTokens, eq(userTokens.tokenHash, token))).toBe(0);

    const page = await send("GET", `/invitations/${token}`);
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({ ok: true, name: "Nia Officer" });

    const mismatch = await send("POST", `/invitations/${token}`, {
      form: { password: "a long enough password", confirm: "different" },
    });
    expect(mismatch.status).toBe(400);
    expect(JSON.stringify(mismatch.data)).toMatch(/do not match/);

    const accepted = await send("POST", `/invitations/${token}`, {
      form: { password: "a long enough password", confirm: "a long enough password" },
    });
    expect(accepted.status).toBe(302);
    expect(accepted.location).toBe("/partner");
    const cookie = cookieOf(accepted.headers.get("Set-Cookie"));
    expect((await send("GET", "/account", { cookie })).status).toBe(200);

    const again = await send("POST", `/invitations/${token}`, {
      form: { password: "another long password", confirm: "another long password" },
    });
    expect(again.status).toBe(410);
    expect(JSON.stringify(again.data)).toMatch(/already been used/);
    expect(
      (await login("new.officer@example.org", "a long enough password", { address: "203.0.113.60" })).status,
    ).toBe(302);
  });

  it("refuses an expired invitation link", async () => {
    const admin = await viewer(PEOPLE.admin, test.db);
    const { inviteUser } = await import("~/domain/accounts/accounts");
    await inviteUser(
      admin,
      { email: "late@example.org", name: "Late Larkin" },
      { baseUrl: "http://localhost" },
    );
    const token = await linkSentTo("late@example.org", "/invitations");
    await test.db
      .update(userTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(userTokens.tokenHash, sha256(token)));
    const page = await send("GET", `/invitations/${token}`);
    expect(page.status).toBe(410);
    expect(JSON.stringify(page.data)).toMatch(/expired/);
    const post = await send("POST", `/invitations/${token}`, {
      form: { password: "a long enough password", confirm: "a long enough password" },
    });
    expect(post.status).toBe(410);
    const [user] = await test.db.select().from(users).where(eq(users.email, "late@example.org"));
    expect(user.passwordHash).toBeNull();
  });

  it("lets a coordinator invite only to their own agency", async () => {
    const coordinator = await cookieFor(PEOPLE.asbCoordinator);
    const own = (await viewer(PEOPLE.asbCoordinator, test.db)).agencies.keys().next().value as number;
    const ok = await send("POST", `/agencies/${own}/members`, {
      cookie: coordinator,
      form: { intent: "invite", email: "asb.new@example.org", name: "Ash New", role: "member" },
    });
    expect(ok.status).toBe(302);
    const other = (await viewer(PEOPLE.police, test.db)).agencies.keys().next().value as number;
    const refused = await send("POST", `/agencies/${other}/members`, {
      cookie: coordinator,
      form: { intent: "invite", email: "sneaky@example.org", name: "Sneaky", role: "coordinator" },
    });
    expect(refused.status).toBe(403);
    expect(await test.db.$count(users, eq(users.email, "sneaky@example.org"))).toBe(0);
  });
});

describe("passwords", () => {
  it("answers the forgotten-password form the same whether or not the address has an account", async () => {
    const known = await send("POST", "/forgot-password", {
      form: { email: PEOPLE.chair },
      clientAddress: "203.0.113.70",
    });
    const unknown = await send("POST", "/forgot-password", {
      form: { email: "no.account@example.org" },
      clientAddress: "203.0.113.71",
    });
    expect(known.status).toBe(unknown.status);
    expect(JSON.stringify(known.data).replace(PEOPLE.chair, "X")).toBe(
      JSON.stringify(unknown.data).replace("no.account@example.org", "X"),
    );
    expect(await test.db.$count(outboxMessages, eq(outboxMessages.toAddress, "no.account@example.org"))).toBe(
      0,
    );
    expect(await test.db.$count(outboxMessages, eq(outboxMessages.toAddress, PEOPLE.chair))).toBeGreaterThan(
      0,
    );
  });

  it("sends reset links for 10 requests an hour from one address, then nothing until the hour has passed", async () => {
    const address = "203.0.113.90";
    const start = new Date();
    // Ten accounts, one request each: all ten get a link.
    const emails: string[] = [];
    for (let i = 0; i < PASSWORD_RESET_RATE_LIMIT.limit + 1; i++) {
      const email = `reset.limit${i}@example.org`;
      await test.db
        .insert(users)
        .values({ email, name: `Reset Limit ${i}`, passwordHash: await hashPassword("x".repeat(12)) });
      emails.push(email);
    }
    const sent = (email: string) => test.db.$count(outboxMessages, eq(outboxMessages.toAddress, email));
    for (const email of emails.slice(0, PASSWORD_RESET_RATE_LIMIT.limit)) {
      await requestPasswordReset(email, { baseUrl: "http://localhost:3000", address, now: start });
    }
    for (const email of emails.slice(0, PASSWORD_RESET_RATE_LIMIT.limit)) expect(await sent(email)).toBe(1);
    // The eleventh, a second before the hour is up: silently nothing.
    const last = emails[PASSWORD_RESET_RATE_LIMIT.limit];
    const almost = new Date(start.getTime() + PASSWORD_RESET_RATE_LIMIT.windowMs - 1000);
    await requestPasswordReset(last, { baseUrl: "http://localhost:3000", address, now: almost });
    expect(await sent(last)).toBe(0);
    // Another address is not held back by this one.
    await requestPasswordReset(last, {
      baseUrl: "http://localhost:3000",
      address: "203.0.113.91",
      now: almost,
    });
    expect(await sent(last)).toBe(1);
    // A second after the hour: this address may ask again.
    const after = new Date(start.getTime() + PASSWORD_RESET_RATE_LIMIT.windowMs + 1000);
    await requestPasswordReset(emails[0], { baseUrl: "http://localhost:3000", address, now: after });
    expect(await sent(emails[0])).toBe(2);
  });

  it("resets a password with the link, once, and ends every session", async () => {
    const cookie = await cookieFor(PEOPLE.chair);
    await send("POST", "/forgot-password", { form: { email: PEOPLE.chair }, clientAddress: "203.0.113.72" });
    const token = await linkSentTo(PEOPLE.chair, "/reset-password");
    const reset = await send("POST", `/reset-password/${token}`, {
      form: { password: "chair's new password", confirm: "chair's new password" },
    });
    expect(reset.status).toBe(302);
    expect(reset.location).toBe("/login?reset=1");
    expect((await send("GET", "/account", { cookie })).location).toMatch(/^\/login/);
    expect((await login(PEOPLE.chair, PASSWORD, { address: "203.0.113.73" })).status).toBe(400);
    expect((await login(PEOPLE.chair, "chair's new password", { address: "203.0.113.74" })).status).toBe(302);
    expect((await send("GET", `/reset-password/${token}`)).status).toBe(410);
  });

  it("changing your password keeps this session and ends your others", async () => {
    const here = await cookieFor(PEOPLE.police);
    const elsewhere = await cookieFor(PEOPLE.police);
    const wrong = await send("POST", "/account", {
      cookie: here,
      form: {
        intent: "password",
        current: "wrong",
        next: "police new password",
        confirm: "police new password",
      },
    });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.data)).toMatch(/current password is not right/);
    const changed = await send("POST", "/account", {
      cookie: here,
      form: {
        intent: "password",
        current: PASSWORD,
        next: "police new password",
        confirm: "police new password",
      },
    });
    expect(changed.status).toBe(200);
    expect((await send("GET", "/account", { cookie: here })).status).toBe(200);
    expect((await send("GET", "/account", { cookie: elsewhere })).location).toMatch(/^\/login/);
    const [event] = await test.db
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "password.changed"),
          eq(auditEvents.entityId, String(await userId(PEOPLE.police))),
        ),
      );
    expect(event).toBeDefined();
  });

  it("an admin can end all of a user's sessions", async () => {
    const a = await cookieFor(PEOPLE.tradingStandards);
    const b = await cookieFor(PEOPLE.tradingStandards);
    const admin = await cookieFor(PEOPLE.admin);
    const id = await userId(PEOPLE.tradingStandards);
    const reply = await send("POST", `/admin/users/${id}`, {
      cookie: admin,
      form: { intent: "end-sessions" },
    });
    expect(reply.status).toBe(302);
    for (const cookie of [a, b])
      expect((await send("GET", "/account", { cookie })).location).toMatch(/^\/login/);
  });
});

describe("your mail preference", () => {
  // The account page and the partner's e-mail settings change it through one
  // domain function: the same row, the same audit event (issue 17: they wrote
  // two action names, user.mail_preference and user.mail_preference_changed).
  async function preferenceEvents(id: number) {
    return test.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, "user"), eq(auditEvents.entityId, String(id))))
      .orderBy(auditEvents.id)
      .then((rows) => rows.filter((row) => row.action.startsWith("user.mail_preference")));
  }

  async function storedPreference(id: number) {
    const [row] = await test.db
      .select({ mailPreference: users.mailPreference })
      .from(users)
      .where(eq(users.id, id));
    return row.mailPreference;
  }

  it("is changed the same way from the account page and from the partner's settings", async () => {
    const cookie = await cookieFor(PEOPLE.asbCoordinator);
    const id = await userId(PEOPLE.asbCoordinator);
    const before = await storedPreference(id);
    const first = before === "immediate" ? "digest" : "immediate";

    const fromAccount = await send("POST", "/account", {
      cookie,
      form: { intent: "mail", mailPreference: first },
      clientAddress: "203.0.113.81",
    });
    expect(fromAccount.status).toBe(200);
    expect(await storedPreference(id)).toBe(first);

    const fromSettings = await send("POST", "/partner/settings", {
      cookie,
      form: { mailPreference: before },
      clientAddress: "203.0.113.82",
    });
    expect(fromSettings.location).toBe("/partner/settings?saved=1");
    expect(await storedPreference(id)).toBe(before);

    const events = await preferenceEvents(id);
    expect(
      events.map((e) => ({ action: e.action, actor: e.actorUserId, before: e.before, after: e.after })),
    ).toEqual([
      {
        action: "user.mail_preference_changed",
        actor: id,
        before: { mailPreference: before },
        after: { mailPreference: first },
      },
      {
        action: "user.mail_preference_changed",
        actor: id,
        before: { mailPreference: first },
        after: { mailPreference: before },
      },
    ]);
    // Both pages keep the client's address in the event (the account page used to drop it).
    expect(events.map((e) => e.address)).toEqual(["203.0.113.81", "203.0.113.82"]);
  });

  it("shows the same words in the audit log for events under the older action name", () => {
    const event = { actorName: "Ash Coordinator", entityType: "user", entityId: "7" };
    const words = "Ash Coordinator changed the e-mail preference of user 7";
    expect(describeAuditEvent({ ...event, action: "user.mail_preference_changed" })).toBe(words);
    expect(describeAuditEvent({ ...event, action: "user.mail_preference" })).toBe(words);
  });
});
