// Joining an agency's team takes the invited person's consent (issue 16, item 16):
// a coordinator's invitation gives the same answer whether or not the address
// has an account, creates no membership until the invited account accepts,
// and its link is single-use, expiring, and for that account only.
import { and, desc, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { INVITATION_DAYS } from "~/domain/accounts/accounts";
import {
  AgencyInvitationProblem,
  answerAgencyInvitation,
  describeAgencyInvitation,
  inviteToAgency,
  listPendingInvitations,
} from "~/domain/accounts/agency-invitations";
import * as t from "~db/schema";
import { buildAgency, buildAssembly, buildUser } from "../factories/build";
import { viewer } from "../factories/demo";
import { useTestDatabase } from "../setup/database";
import { cookieFor, type Reply, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();
const BASE = "http://localhost:3000";
const DAY = 86_400_000;

let asb: number;
let police: number;

/** The people of this story, by e-mail. */
const PEOPLE = {
  admin: "admin@council.example.org",
  chair: "chris.chair@example.org",
  police: "pat.morgan@police.example.org",
  asbCoordinator: "sam.ahmed@council.example.org",
  tradingStandards: "trading.standards@council.example.org",
} as const;

/** Everyone here has set up their account (chosen a password): such an account is asked to join, not invited to set up. */
const password = "a long enough password";

beforeAll(async () => {
  asb = (await buildAgency(test.db, { name: "Council anti-social behaviour team", kind: "council" })).id;
  police = (await buildAgency(test.db, { name: "Neighbourhood policing team", kind: "police" })).id;
  const assembly = await buildAssembly(test.db, { name: "Rotherham South" });
  await buildUser(test.db, { password, email: PEOPLE.admin, name: "Alex Admin", isAdmin: true });
  // A chair, in no agency's team.
  await buildUser(test.db, { password, email: PEOPLE.chair, name: "Chris Chair", chairs: [assembly.id] });
  // The police officer and the trading standards officer: in other teams, not the ASB team.
  await buildUser(test.db, {
    password,
    email: PEOPLE.police,
    name: "Sergeant Pat Morgan",
    agencies: [police],
  });
  const tradingStandards = await buildAgency(test.db, {
    name: "Trading Standards",
    kind: "trading_standards",
  });
  await buildUser(test.db, {
    password,
    email: PEOPLE.tradingStandards,
    name: "Tracy Standards",
    agencies: [tradingStandards.id],
  });
  // The ASB team's coordinator, who invites.
  await buildUser(test.db, {
    password,
    email: PEOPLE.asbCoordinator,
    name: "Sam Ahmed",
    agencies: [{ agencyId: asb, role: "coordinator" }],
  });
});

async function newestMailTo(email: string) {
  const [message] = await test.db
    .select()
    .from(t.outboxMessages)
    .where(eq(t.outboxMessages.toAddress, email))
    .orderBy(desc(t.outboxMessages.id))
    .limit(1);
  return message;
}

async function linkSentTo(email: string, path: string) {
  const message = await newestMailTo(email);
  const match = message?.text.match(new RegExp(`${path}/([A-Za-z0-9_-]+)`));
  if (!match) throw new Error(`No ${path} link sent to ${email}`);
  return match[1];
}

async function membership(email: string, agency: number) {
  const [row] = await test.db
    .select({ role: t.agencyMemberships.role })
    .from(t.agencyMemberships)
    .innerJoin(t.users, eq(t.users.id, t.agencyMemberships.userId))
    .where(and(eq(t.users.email, email), eq(t.agencyMemberships.agencyId, agency)));
  return row?.role ?? null;
}

const invite = async (cookie: string, email: string, role = "member", name = "Invited Person") =>
  send("POST", `/agencies/${asb}/members`, {
    cookie,
    form: { intent: "invite", email, name, role },
  });

/** What a coordinator can observe of an answer: status, where it leads, and the page it leads to. */
async function observed(reply: Reply, cookie: string) {
  const page = reply.location ? await send("GET", reply.location, { cookie }) : null;
  const pageData = page?.data as { pending: Array<Record<string, unknown>>; members: unknown[] };
  return { status: reply.status, location: reply.location, data: reply.data, pageData };
}

describe("a coordinator's invitation", () => {
  it("answers the same whether the address is new, an existing account, or a deactivated one", async () => {
    const coordinator = await cookieFor(PEOPLE.asbCoordinator);
    await test.db
      .insert(t.users)
      .values({ email: "gone.away@example.org", name: "Gone Away", active: false, passwordHash: "x" });
    const existing = await observed(await invite(coordinator, PEOPLE.police), coordinator);
    const fresh = await observed(await invite(coordinator, "brand.new@example.org"), coordinator);
    const deactivated = await observed(await invite(coordinator, "gone.away@example.org"), coordinator);
    // (Each answer leads to the same page; its list has grown by one each time.)
    expect(deactivated.pageData.pending).toHaveLength(fresh.pageData.pending.length + 1);
    expect(fresh.pageData.pending).toHaveLength(existing.pageData.pending.length + 1);
    expect(existing.status).toBe(302);
    expect(existing.location).toBe(`/agencies/${asb}/members?invited=1`);
    for (const other of [fresh, deactivated]) {
      expect(other.status).toBe(existing.status);
      expect(other.location).toBe(existing.location);
      expect(other.data).toEqual(existing.data);
    }
    // The team page lists each the same way: a pending invitation with the name the coordinator typed.
    const pending = deactivated.pageData.pending;
    const rowFor = (email: string) => {
      const { id, ...rest } = pending.find((p) => p.email === email) ?? {};
      expect(id).toEqual(expect.any(Number));
      return rest;
    };
    const shape = rowFor(PEOPLE.police);
    expect(shape).toMatchObject({ name: "Invited Person", role: "member" });
    expect(rowFor("brand.new@example.org")).toEqual({ ...shape, email: "brand.new@example.org" });
    expect(rowFor("gone.away@example.org")).toEqual({ ...shape, email: "gone.away@example.org" });
    // Nobody is in the team yet; the audit trail (which coordinators read) says the same for each.
    expect(await membership(PEOPLE.police, asb)).toBeNull();
    expect(await membership("brand.new@example.org", asb)).toBeNull();
    const audit = await test.db
      .select({
        action: t.auditEvents.action,
        after: t.auditEvents.after,
        entityType: t.auditEvents.entityType,
      })
      .from(t.auditEvents)
      .where(and(eq(t.auditEvents.agencyId, asb), like(t.auditEvents.action, "agency_invitation.%")));
    expect(audit.map((a) => a.action)).toEqual(Array(3).fill("agency_invitation.sent"));
    expect(
      new Set(
        audit.map((a) =>
          Object.keys(a.after as object)
            .sort()
            .join(),
        ),
      ),
    ).toHaveProperty("size", 1);
    // The existing account is asked; the new address gets a set-password invitation naming the team.
    expect((await newestMailTo(PEOPLE.police)).template).toBe("agency_invitation");
    const welcome = await newestMailTo("brand.new@example.org");
    expect(welcome.template).toBe("invitation");
    expect(welcome.subject).toMatch(/join Council anti-social behaviour team on One Dialogue/);
    // A deactivated account cannot accept, so it is not written to.
    expect(await newestMailTo("gone.away@example.org")).toBeUndefined();
  });

  it("cannot put the administrator (or anyone with an account) into the team without their consent", async () => {
    const coordinator = await cookieFor(PEOPLE.asbCoordinator);
    const reply = await invite(coordinator, PEOPLE.admin, "coordinator");
    expect(reply.status).toBe(302);
    expect(await membership(PEOPLE.admin, asb)).toBeNull();
    const admin = await viewer(PEOPLE.admin, test.db);
    expect(admin.agencies.has(asb)).toBe(false);
    const mail = await newestMailTo(PEOPLE.admin);
    expect(mail.template).toBe("agency_invitation");
    expect(mail.text).toContain("Sam Ahmed has invited you to join");
    expect(mail.html).toContain("/agency-invitations/");
  });

  it("joins the team with the invited role when its owner accepts, once", async () => {
    const coordinator = await cookieFor(PEOPLE.asbCoordinator);
    await invite(coordinator, PEOPLE.tradingStandards, "coordinator");
    const token = await linkSentTo(PEOPLE.tradingStandards, "/agency-invitations");
    expect(await membership(PEOPLE.tradingStandards, asb)).toBeNull();
    // Not signed in: sign in first, then back here.
    const anonymous = await send("GET", `/agency-invitations/${token}`);
    expect(anonymous.status).toBe(302);
    expect(anonymous.location).toBe(`/login?returnTo=${encodeURIComponent(`/agency-invitations/${token}`)}`);
    const them = await cookieFor(PEOPLE.tradingStandards);
    const page = await send("GET", `/agency-invitations/${token}`, { cookie: them });
    expect(page.status).toBe(200);
    expect(page.data).toMatchObject({
      ok: true,
      invitation: {
        agencyName: "Council anti-social behaviour team",
        role: "coordinator",
        inviterName: "Sam Ahmed",
      },
    });
    expect(page.headers.get("Cache-Control")).toMatch(/no-store/);
    const accepted = await send("POST", `/agency-invitations/${token}`, {
      cookie: them,
      form: { answer: "accept" },
    });
    expect(accepted.status).toBe(200);
    expect(JSON.stringify(accepted.data)).toMatch(/You have joined .* as a coordinator/);
    expect(await membership(PEOPLE.tradingStandards, asb)).toBe("coordinator");
    expect((await viewer(PEOPLE.tradingStandards, test.db)).agencies.get(asb)).toBe("coordinator");
    const again = await send("POST", `/agency-invitations/${token}`, {
      cookie: them,
      form: { answer: "accept" },
    });
    expect(again.status).toBe(410);
    expect(JSON.stringify(again.data)).toMatch(/already accepted/);
    const reopened = await send("GET", `/agency-invitations/${token}`, { cookie: them });
    expect(reopened.status).toBe(410);
    const events = await test.db
      .select({ action: t.auditEvents.action, after: t.auditEvents.after })
      .from(t.auditEvents)
      .where(eq(t.auditEvents.action, "agency_invitation.accepted"));
    expect(events).toEqual([
      { action: "agency_invitation.accepted", after: { agencyId: asb, role: "coordinator" } },
    ]);
    // The team page now shows them as a member, and no longer as waiting.
    const team = await send("GET", `/agencies/${asb}/members`, { cookie: coordinator });
    const teamData = team.data as { members: Array<{ email: string }>; pending: Array<{ email: string }> };
    expect(teamData.members.map((m) => m.email)).toContain(PEOPLE.tradingStandards);
    expect(teamData.pending.map((p) => p.email)).not.toContain(PEOPLE.tradingStandards);
    // Inviting someone already in the team is refused plainly (the coordinator can see the team).
    const already = await invite(coordinator, PEOPLE.tradingStandards);
    expect(already.status).toBe(400);
    expect(JSON.stringify(already.data)).toMatch(/already in the team/);
  });

  it("refuses anyone but the invited account, clearly and without changing anything", async () => {
    const coordinator = await cookieFor(PEOPLE.asbCoordinator);
    await invite(coordinator, "second.look@example.org");
    const firstLink = await linkSentTo("second.look@example.org", "/invitations");
    await test.db
      .update(t.users)
      .set({ passwordHash: "set" })
      .where(eq(t.users.email, "second.look@example.org"));
    await invite(coordinator, "second.look@example.org");
    // The new invitation replaced the first, whose set-password link no longer works.
    expect((await send("GET", `/invitations/${firstLink}`)).status).toBe(410);
    const token = await linkSentTo("second.look@example.org", "/agency-invitations");
    const someoneElse = await cookieFor(PEOPLE.chair);
    const page = await send("GET", `/agency-invitations/${token}`, { cookie: someoneElse });
    expect(page.status).toBe(403);
    expect(JSON.stringify(page.data)).toMatch(/sent to someone else's account/);
    expect(JSON.stringify(page.data)).not.toMatch(/anti-social/);
    const post = await send("POST", `/agency-invitations/${token}`, {
      cookie: someoneElse,
      form: { answer: "accept" },
    });
    expect(post.status).toBe(403);
    expect(await membership(PEOPLE.chair, asb)).toBeNull();
    expect(await membership("second.look@example.org", asb)).toBeNull();
    // A link that matches nothing, or a malformed one, is a 404 with words, never a 500.
    const nothing = await send("GET", `/agency-invitations/${"C".repeat(43)}`, { cookie: someoneElse });
    expect(nothing.status).toBe(404);
    const odd = await send("POST", `/agency-invitations/${token}`, {
      cookie: someoneElse,
      form: { answer: "maybe" },
    });
    expect(odd.status).toBe(400);
  });

  it("declining leaves them out of the team, and the link cannot then accept", async () => {
    const coordinator = await cookieFor(PEOPLE.asbCoordinator);
    await invite(coordinator, PEOPLE.chair);
    const token = await linkSentTo(PEOPLE.chair, "/agency-invitations");
    const chair = await cookieFor(PEOPLE.chair);
    const declined = await send("POST", `/agency-invitations/${token}`, {
      cookie: chair,
      form: { answer: "decline" },
    });
    expect(declined.status).toBe(200);
    expect(JSON.stringify(declined.data)).toMatch(/You declined/);
    // The chair is in no team: the page sends them home, not to an inbox that would refuse them.
    expect((declined.data as { next: { to: string } }).next.to).toBe("/");
    expect((await send("GET", "/partner", { cookie: chair })).status).toBe(403);
    const accept = await send("POST", `/agency-invitations/${token}`, {
      cookie: chair,
      form: { answer: "accept" },
    });
    expect(accept.status).toBe(410);
    expect(JSON.stringify(accept.data)).toMatch(/You declined this invitation/);
    expect(await membership(PEOPLE.chair, asb)).toBeNull();
    const team = await send("GET", `/agencies/${asb}/members`, { cookie: coordinator });
    expect((team.data as { pending: Array<{ email: string }> }).pending.map((p) => p.email)).not.toContain(
      PEOPLE.chair,
    );
    const [event] = await test.db
      .select()
      .from(t.auditEvents)
      .where(eq(t.auditEvents.action, "agency_invitation.declined"));
    expect(event.agencyId).toBe(asb);
  });

  it("withdrawn by the coordinator, its links stop working (both kinds)", async () => {
    const coordinator = await cookieFor(PEOPLE.asbCoordinator);
    const policeOfficer = await cookieFor(PEOPLE.police);
    await invite(coordinator, "withdrawn.new@example.org");
    await invite(coordinator, PEOPLE.police, "member", "Pat again");
    const accountToken = await linkSentTo("withdrawn.new@example.org", "/invitations");
    const joinToken = await linkSentTo(PEOPLE.police, "/agency-invitations");
    const team = await send("GET", `/agencies/${asb}/members`, { cookie: coordinator });
    const pending = (team.data as { pending: Array<{ id: number; email: string }> }).pending;
    const withdrawnIds: number[] = [];
    for (const email of ["withdrawn.new@example.org", PEOPLE.police]) {
      const row = pending.find((p) => p.email === email);
      if (!row) throw new Error(`no pending invitation for ${email}`);
      // Not through another agency's team page.
      const admin = await cookieFor(PEOPLE.admin);
      expect(
        (
          await send("POST", `/agencies/${police}/members`, {
            cookie: admin,
            form: { intent: "withdraw", invitationId: String(row.id) },
          })
        ).status,
      ).toBe(404);
      const reply = await send("POST", `/agencies/${asb}/members`, {
        cookie: coordinator,
        form: { intent: "withdraw", invitationId: String(row.id) },
      });
      expect(reply.status).toBe(302);
      expect(reply.location).toBe(`/agencies/${asb}/members?withdrawn=1`);
      withdrawnIds.push(row.id);
    }
    const after = await send("GET", `/agencies/${asb}/members`, { cookie: coordinator });
    const emails = (after.data as { pending: Array<{ email: string }> }).pending.map((p) => p.email);
    expect(emails).not.toContain("withdrawn.new@example.org");
    expect(emails).not.toContain(PEOPLE.police);
    const join = await send("POST", `/agency-invitations/${joinToken}`, {
      cookie: policeOfficer,
      form: { answer: "accept" },
    });
    expect(join.status).toBe(410);
    expect(JSON.stringify(join.data)).toMatch(/withdrawn/);
    const setPassword = await send("GET", `/invitations/${accountToken}`);
    expect(setPassword.status).toBe(410);
    expect(await membership(PEOPLE.police, asb)).toBeNull();
    // Withdrawing twice: it is no longer waiting.
    const again = await send("POST", `/agencies/${asb}/members`, {
      cookie: coordinator,
      form: { intent: "withdraw", invitationId: String(withdrawnIds[0]) },
    });
    expect(again.status).toBe(404);
    expect(
      await test.db.$count(t.auditEvents, eq(t.auditEvents.action, "agency_invitation.withdrawn")),
    ).toBeGreaterThanOrEqual(2);
  });

  it("a new address joins the team when it chooses its password from the invitation", async () => {
    const coordinator = await cookieFor(PEOPLE.asbCoordinator);
    await invite(coordinator, "new.starter@example.org", "coordinator", "New Starter");
    expect(await membership("new.starter@example.org", asb)).toBeNull();
    const token = await linkSentTo("new.starter@example.org", "/invitations");
    const reply = await send("POST", `/invitations/${token}`, {
      form: { password: "a long enough password", confirm: "a long enough password" },
    });
    expect(reply.status).toBe(302);
    expect(await membership("new.starter@example.org", asb)).toBe("coordinator");
  });

  it("an account never set up, invited by two teams, joins the one whose link it used and is asked again about the other", async () => {
    const coordinator = await viewer(PEOPLE.asbCoordinator, test.db);
    const admin = await viewer(PEOPLE.admin, test.db);
    await inviteToAgency(
      admin,
      { agencyId: police, email: "two.teams@example.org", name: "Two Teams", role: "member" },
      { baseUrl: BASE },
    );
    const policeLink = await linkSentTo("two.teams@example.org", "/invitations");
    await inviteToAgency(
      coordinator,
      { agencyId: asb, email: "two.teams@example.org", name: "Two Teams", role: "member" },
      { baseUrl: BASE },
    );
    const reply = await send("POST", `/invitations/${policeLink}`, {
      form: { password: "a long enough password", confirm: "a long enough password" },
    });
    expect(reply.status).toBe(302);
    expect(await membership("two.teams@example.org", police)).toBe("member");
    expect(await membership("two.teams@example.org", asb)).toBeNull();
    const join = await linkSentTo("two.teams@example.org", "/agency-invitations");
    const them = await cookieFor("two.teams@example.org");
    const page = await send("GET", `/agency-invitations/${join}`, { cookie: them });
    expect(page.status).toBe(200);
    expect(JSON.stringify(page.data)).toMatch(/Council anti-social behaviour team/);
  });
});

describe("an administrator's invitation", () => {
  it("adds an existing account directly, and says it existed and kept its name and administrator setting", async () => {
    const admin = await cookieFor(PEOPLE.admin);
    const reply = await send("POST", "/admin/users/invite", {
      cookie: admin,
      form: {
        email: PEOPLE.police,
        name: "Someone Else",
        agencyId: String(asb),
        role: "member",
        isAdmin: "on",
      },
    });
    expect(reply.status).toBe(302);
    const [person] = await test.db.select().from(t.users).where(eq(t.users.email, PEOPLE.police));
    // Its owner (an account set up already) is e-mailed that they are now in the ASB team.
    expect(reply.location).toBe(`/admin/users/${person.id}?existing=1&told=1&saved=1`);
    expect(await membership(PEOPLE.police, asb)).toBe("member");
    expect(person).toMatchObject({ name: "Sergeant Pat Morgan", isAdmin: false });
    // A new address is invited to set a password, as before.
    const fresh = await send("POST", "/admin/users/invite", {
      cookie: admin,
      form: {
        email: "admin.invited@example.org",
        name: "Admin Invited",
        agencyId: String(asb),
        role: "member",
      },
    });
    expect(fresh.location).toMatch(/^\/admin\/users\/\d+\?invited=1$/);
    // A coordinator reaches the direct route neither by the admin page nor by the domain.
    const coordinator = await cookieFor(PEOPLE.asbCoordinator);
    expect(
      (
        await send("POST", "/admin/users/invite", {
          cookie: coordinator,
          form: { email: PEOPLE.chair, name: "Chris", agencyId: String(asb), role: "member" },
        })
      ).status,
    ).toBe(403);
    const { inviteUser } = await import("~/domain/accounts/accounts");
    await expect(
      inviteUser(
        await viewer(PEOPLE.asbCoordinator, test.db),
        { email: PEOPLE.chair, name: "Chris", agencyId: asb, role: "member" },
        { baseUrl: BASE },
      ),
    ).rejects.toMatchObject({ kind: "forbidden" });
    expect(await membership(PEOPLE.chair, asb)).toBeNull();
  });
});

describe("the invitation's lifetime (fixed clock)", () => {
  const T0 = new Date("2026-03-02T09:00:00.000Z");
  const edge = new Date(T0.getTime() + INVITATION_DAYS * DAY);
  const justBefore = new Date(edge.getTime() - 1);

  async function invited(email: string) {
    const coordinator = await viewer(PEOPLE.asbCoordinator, test.db);
    await test.db.insert(t.users).values({ email, name: "Clock Person", passwordHash: "set" });
    await inviteToAgency(
      coordinator,
      { agencyId: asb, email, name: "Clock Person", role: "member" },
      { baseUrl: BASE, now: T0 },
    );
    const token = await linkSentTo(email, "/agency-invitations");
    const [row] = await test.db.select({ id: t.users.id }).from(t.users).where(eq(t.users.email, email));
    const person = await viewer(email, test.db);
    return { token, person, userId: row.id };
  }

  const problemOf = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof AgencyInvitationProblem) return error.reason;
      throw error;
    }
    return null;
  };

  it(`lasts ${INVITATION_DAYS} days to the millisecond, as account invitations do`, async () => {
    const { token, person } = await invited("clock.one@example.org");
    const coordinator = await viewer(PEOPLE.asbCoordinator, test.db);
    const listed = await listPendingInvitations(coordinator, asb, justBefore);
    expect(listed.find((p) => p.email === "clock.one@example.org")?.expiresAt).toEqual(edge);
    expect(await problemOf(describeAgencyInvitation(person, token, justBefore))).toBeNull();
    expect(await problemOf(describeAgencyInvitation(person, token, edge))).toBe("expired");
    expect(await problemOf(answerAgencyInvitation(person, token, "accept", { now: edge }))).toBe("expired");
    expect(await membership("clock.one@example.org", asb)).toBeNull();
    expect((await listPendingInvitations(coordinator, asb, edge)).map((p) => p.email)).not.toContain(
      "clock.one@example.org",
    );
    expect(await problemOf(answerAgencyInvitation(person, token, "accept", { now: justBefore }))).toBeNull();
    expect(await membership("clock.one@example.org", asb)).toBe("member");
  });

  it("cannot be accepted by an account deactivated since", async () => {
    const { token, person, userId } = await invited("clock.two@example.org");
    await test.db.update(t.users).set({ active: false }).where(eq(t.users.id, userId));
    expect(await problemOf(answerAgencyInvitation(person, token, "accept", { now: justBefore }))).toBe(
      "deactivated",
    );
    expect(await membership("clock.two@example.org", asb)).toBeNull();
  });
});
