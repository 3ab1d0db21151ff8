// Someone who already has an account is told when they are given a role (an
// agency's team, a new role in it, a chair), by an e-mail whose link opens the
// page where they use it; nothing is sent for no change, for a role taken away,
// to an account still waiting for its password or to whoever changed their own.
import { desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { inviteUser, setMembershipRole, setUserActive } from "~/domain/accounts/accounts";
import { addMembership, setChairRole } from "~/domain/accounts/admin";
import type { Viewer } from "~/domain/core/access";
import * as t from "~db/schema";
import { buildAgency, buildAssembly, buildUser, buildViewer } from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();
const BASE = "http://localhost:3000";

let admin: Viewer;
let police: { id: number };
let housing: { id: number };
let south: { id: number };
let north: { id: number };
let sam: { id: number; email: string };
let coordinator: Viewer;

beforeAll(async () => {
  admin = await buildViewer(test.db, { email: "ada@council.example.org", name: "Ada Admin", isAdmin: true });
  police = await buildAgency(test.db, { name: "Neighbourhood police team", kind: "police" });
  housing = await buildAgency(test.db, { name: "Council Housing", kind: "housing" });
  south = await buildAssembly(test.db, { name: "Rotherham South" });
  north = await buildAssembly(test.db, { name: "Rotherham North" });
  // Sam has an account already (a password set), in no team yet.
  sam = await buildUser(test.db, {
    email: "sam@council.example.org",
    name: "Sam Ahmed",
    password: "sam's own passphrase",
  });
  coordinator = await buildViewer(test.db, {
    email: "hollie@housing.example.org",
    name: "Hollie Housing",
    agencies: [{ agencyId: housing.id, role: "coordinator" }],
    password: "hollie's own passphrase",
  });
});

/** The e-mails about roles sent to an address, newest first. */
const rolesMail = (to: string) =>
  test.db
    .select()
    .from(t.outboxMessages)
    .where(eq(t.outboxMessages.toAddress, to))
    .orderBy(desc(t.outboxMessages.id))
    .then((rows) => rows.filter((row) => row.template === "roles_given"));

const linksIn = (html: string) =>
  [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replaceAll("&amp;", "&"));

describe("roles given to an account that exists", () => {
  it("the invitation form, for someone with an account: one e-mail for the team and the chair, each link opening where they act", async () => {
    const answer = await inviteUser(
      admin,
      {
        email: "SAM@council.example.org",
        name: "Sam",
        agencyId: police.id,
        role: "member",
        chairOfAssemblyId: south.id,
      },
      { baseUrl: BASE },
    );
    expect(answer).toMatchObject({ existing: true, invited: false });
    const [mail, ...more] = await rolesMail(sam.email);
    expect(more).toEqual([]);
    expect(mail.subject).toBe("Your roles on One Dialogue have changed");
    expect(mail.text).toContain("Dear Sam Ahmed,");
    expect(mail.text).toContain(
      "Ada Admin has added you to Neighbourhood police team as a member. Tasks offered to Neighbourhood police team now reach you",
    );
    expect(mail.text).toContain("Ada Admin has made you a chair of Rotherham South.");
    expect(linksIn(mail.html)).toEqual([`${BASE}/partner?agency=${police.id}`, `${BASE}/chair/${south.id}`]);
    // No invitation: Sam signs in as always.
    const all = await test.db
      .select()
      .from(t.outboxMessages)
      .where(eq(t.outboxMessages.toAddress, sam.email));
    expect(all.map((m) => m.template)).toEqual(["roles_given"]);

    const cookie = await cookieFor(sam.email);
    const inbox = await send("GET", `/partner?agency=${police.id}`, { cookie });
    expect(inbox.status).toBe(200);
    // The police team's inbox, with its tasks (none yet) listed.
    const opened = inbox.data as { agency: { id: number } | null; inbox: { items: unknown[] } | null };
    expect(opened.agency?.id).toBe(police.id);
    expect(opened.inbox?.items).toEqual([]);
    const workspace = await send("GET", `/chair/${south.id}`, { cookie });
    expect(workspace.status).toBe(200);
  });

  it("the same roles again send nothing; a new role in the team does, and its link opens the team for a coordinator", async () => {
    const before = (await rolesMail(sam.email)).length;
    await inviteUser(
      admin,
      { email: sam.email, name: "Sam", agencyId: police.id, role: "member", chairOfAssemblyId: south.id },
      { baseUrl: BASE },
    );
    await addMembership(admin, sam.id, { agencyId: police.id, role: "member" });
    await setChairRole(admin, sam.id, south.id, true);
    expect(await rolesMail(sam.email)).toHaveLength(before);

    await addMembership(admin, sam.id, { agencyId: police.id, role: "coordinator" });
    const [mail] = await rolesMail(sam.email);
    expect(mail.subject).toBe("You are now a coordinator of Neighbourhood police team on One Dialogue");
    expect(mail.text).toContain("You can now invite people to its team");
    const [link] = linksIn(mail.html);
    expect(link).toBe(`${BASE}/agencies/${police.id}/members`);
    const team = await send("GET", link.slice(BASE.length), { cookie: await cookieFor(sam.email) });
    expect(team.status).toBe(200);
    expect((team.data as { agency: { id: number } }).agency.id).toBe(police.id);
  });

  it("a chair from the user's page, and a team from it; taking a chair away sends nothing", async () => {
    await setChairRole(admin, sam.id, north.id, true);
    const [chair] = await rolesMail(sam.email);
    expect(chair.subject).toBe("You are now a chair of Rotherham North on One Dialogue");
    expect(linksIn(chair.html)).toEqual([`${BASE}/chair/${north.id}`]);

    await addMembership(admin, sam.id, { agencyId: housing.id, role: "member" });
    const [team] = await rolesMail(sam.email);
    expect(team.subject).toBe("You have been added to Council Housing on One Dialogue");
    expect(linksIn(team.html)).toEqual([`${BASE}/partner?agency=${housing.id}`]);

    const sent = (await rolesMail(sam.email)).length;
    await setChairRole(admin, sam.id, north.id, false);
    expect(await rolesMail(sam.email)).toHaveLength(sent);
  });

  it("a coordinator's change of role is told in the coordinator's name", async () => {
    await setMembershipRole(coordinator, housing.id, sam.id, "coordinator");
    const [mail] = await rolesMail(sam.email);
    expect(mail.text).toContain("Hollie Housing has made you a coordinator of Council Housing.");
    expect(mail.text).toContain("tell Hollie Housing");
    await setMembershipRole(coordinator, housing.id, sam.id, "member");
    const [back] = await rolesMail(sam.email);
    expect(back.subject).toBe("You are now a member of Council Housing on One Dialogue");
    expect(linksIn(back.html)).toEqual([`${BASE}/partner?agency=${housing.id}`]);
    // The team page says so; the same role again is only saved.
    const cookie = await cookieFor(coordinator.email);
    const form = { intent: "role", userId: String(sam.id), role: "coordinator" };
    const promoted = await send("POST", `/agencies/${housing.id}/members`, { cookie, form });
    expect(promoted.location).toBe(`/agencies/${housing.id}/members?saved=1&told=1`);
    const again = await send("POST", `/agencies/${housing.id}/members`, { cookie, form });
    expect(again.location).toBe(`/agencies/${housing.id}/members?saved=1`);
  });

  it("the administrator's pages say when the person was e-mailed, and not when nothing changed", async () => {
    const lee = await buildUser(test.db, {
      email: "lee@council.example.org",
      name: "Lee",
      password: "lee's passphrase",
    });
    const cookie = await cookieFor(admin.email);
    const add = (form: Record<string, string>) => send("POST", `/admin/users/${lee.id}`, { cookie, form });
    const joined = await add({ intent: "add-membership", agencyId: String(police.id), role: "member" });
    expect(joined.status).toBe(302);
    expect(joined.location).toBe(`/admin/users/${lee.id}?saved=1&told=1`);
    const again = await add({ intent: "add-membership", agencyId: String(police.id), role: "member" });
    expect(again.location).toBe(`/admin/users/${lee.id}?saved=1`);
    const chair = await add({ intent: "add-chair", assemblyId: String(north.id) });
    expect(chair.location).toBe(`/admin/users/${lee.id}?saved=1&told=1`);
    const invited = await send("POST", "/admin/users/invite", {
      cookie,
      form: { email: lee.email, name: "Lee", agencyId: String(housing.id), role: "member" },
    });
    expect(invited.location).toBe(`/admin/users/${lee.id}?existing=1&told=1&saved=1`);
    expect((await rolesMail(lee.email)).map((m) => m.subject)).toEqual([
      "You have been added to Council Housing on One Dialogue",
      "You are now a chair of Rotherham North on One Dialogue",
      "You have been added to Neighbourhood police team on One Dialogue",
    ]);
  });

  it("an account still waiting for its password gets its invitation instead; a deactivated one and an admin changing their own roles get nothing", async () => {
    const pending = await buildUser(test.db, { email: "pat@police.example.org", name: "Pat" });
    await addMembership(admin, pending.id, { agencyId: police.id, role: "member" });
    await inviteUser(admin, { email: pending.email, name: "Pat", agencyId: housing.id }, { baseUrl: BASE });
    const toPat = await test.db
      .select()
      .from(t.outboxMessages)
      .where(eq(t.outboxMessages.toAddress, pending.email));
    expect(toPat.map((m) => m.template)).toEqual(["invitation"]);

    const gone = await buildUser(test.db, {
      email: "gone@example.org",
      name: "Gone",
      password: "a passphrase here",
    });
    await setUserActive(admin, gone.id, false);
    await addMembership(admin, gone.id, { agencyId: police.id, role: "member" });
    await setChairRole(admin, gone.id, south.id, true);
    expect(await rolesMail(gone.email)).toEqual([]);

    await addMembership(admin, admin.userId, { agencyId: police.id, role: "member" });
    await setChairRole(admin, admin.userId, south.id, true);
    expect(await rolesMail(admin.email)).toEqual([]);
  });
});
