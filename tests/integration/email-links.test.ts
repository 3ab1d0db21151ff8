// Every link in every e-mail lands on a page where its reader can act: each
// message is caused by a real change, then each of its links is requested as
// the person who received it (an agency inbox is read by the agency's members).
import { and, eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { inviteUser, requestPasswordReset } from "~/domain/accounts/accounts";
import { addMembership, setChairRole } from "~/domain/accounts/admin";
import { inviteToAgency } from "~/domain/accounts/agency-invitations";
import { confirmSubscription, requestSubscription, sendDailyDigests } from "~/domain/concerns/subscriptions";
import type { Viewer } from "~/domain/core/access";
import { addCalendarDays, toIsoDate } from "~/domain/core/deadlines";
import { remindUnrecordedMeetings } from "~/domain/meetings/meetings";
import { declineTask, reassignTask } from "~/domain/tasks";
import { offerTask as chairOffers, withdrawTask } from "~/domain/tasks/chair-tasks";
import { sendTaskReminders } from "~/domain/tasks/task-reminders";
import * as t from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildMeeting,
  buildNeighbourhood,
  buildOffer,
  buildPriority,
  buildUser,
  buildViewer,
} from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { cookieFor, type Reply, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();
const BASE = "http://localhost:3000";
const DAY = 86_400_000;
const now = new Date();
const today = toIsoDate(now);

type Data = Record<string, unknown> & {
  can?: Record<string, boolean>;
  task?: Record<string, unknown>;
  inbox?: { items: unknown[] } | null;
};

// What "can act" means on the page each e-mail's main link opens (its first link, or the one named).
type Act = (data: Data) => boolean;
const ACTS: Record<string, Act | { link: RegExp; acts: Act }> = {
  "task-offered": (d) => Boolean(d.can?.accept && d.can?.decline),
  "task-not-accepted": (d) => Boolean(d.can?.accept),
  "task-declined": (d) => d.task?.canReoffer === true,
  "task-withdrawn": (d) => d.task?.status === "withdrawn",
  "task-assigned": (d) => Boolean(d.can?.update || d.can?.accept),
  "task-due-soon": (d) => Boolean(d.can?.update && d.can?.complete),
  "task-overdue": (d) => Boolean(d.can?.update && d.can?.complete),
  // Its main link is "Open your task inbox" (the tasks listed first are checked in the third test).
  "agency-weekly-digest": { link: /\/partner\b/, acts: (d) => (d.inbox?.items.length ?? 0) > 0 },
  "meeting-unrecorded": (d) => (d.meeting as { status?: string } | undefined)?.status === "scheduled",
  invitation: (d) => d.ok === true,
  agency_invitation: (d) => d.ok === true && (d.invitation as { role?: string } | null)?.role === "member",
  password_reset: (d) => d.ok === true,
  // Its main link opens the inbox of the agency they were added to (the chair's one is checked to open).
  roles_given: { link: /\/partner\?agency=\d+$/, acts: (d) => Array.isArray(d.inbox?.items) },
  "subscription-confirmation": (d) => d.kind === "confirmable",
  "subscription-digest": (d) => typeof (d.priority as { id?: unknown } | undefined)?.id === "number",
};

let chair: Viewer;
let admin: Viewer;
let housingInbox: string;
const FOLLOWER = "follower@example.net";
const POLICE_OFFICER = "officer@police.example.org";
const TRADING_STANDARDS_OFFICER = "terry@council.example.org";

beforeAll(async () => {
  // Working days (acknowledge-by, due dates, "due soon") are counted on the real calendar.
  await buildBankHolidays(test.db);
  // Rotherham South, its chair, and Sitwell's priority about Maynard Road, where every task below is offered.
  const south = await buildAssembly(test.db, { name: "Rotherham South" });
  const sitwell = await buildNeighbourhood(test.db, {
    assemblyId: south.id,
    slug: "sitwell",
    name: "Sitwell",
  });
  const herringthorpe = await buildNeighbourhood(test.db, {
    assemblyId: south.id,
    slug: "herringthorpe",
    name: "Herringthorpe",
  });
  chair = await buildViewer(test.db, { email: "chair@example.org", name: "Chris Chair", chairs: [south.id] });
  admin = await buildViewer(test.db, { email: "admin@example.org", name: "Ada Admin", isAdmin: true });
  const police = await buildAgency(test.db, { name: "Neighbourhood police team", kind: "police" });
  const tradingStandardsTeam = await buildAgency(test.db, {
    name: "Trading Standards",
    kind: "trading_standards",
  });
  const asbTeam = await buildAgency(test.db, { name: "Council anti-social behaviour team" });
  const housing = await buildAgency(test.db, { name: "Council Housing", kind: "housing" });
  housingInbox = housing.inboxEmail;
  await buildUser(test.db, { email: POLICE_OFFICER, name: "Pat Police", agencies: [police.id] });
  const tradingStandards = await buildViewer(test.db, {
    email: TRADING_STANDARDS_OFFICER,
    name: "Terry",
    agencies: [tradingStandardsTeam.id],
    // An account already set up, so a team's invitation asks them to join rather than to choose a password.
    password: "terry's own passphrase",
  });
  const asbCoordinator = await buildViewer(test.db, {
    email: "asb.coordinator@example.org",
    name: "Ash Coordinator",
    agencies: [{ agencyId: asbTeam.id, role: "coordinator" }],
  });
  // The police have a public task there; a day ago they reported the swings mended (the resident's digest below).
  const { priority: maynard } = await buildPriority(test.db, {
    now,
    neighbourhood: sitwell.id,
    title: "Youths on Maynard Road",
    tasks: [
      {
        agency: police.id,
        title: "Patrol the play area",
        confidentiality: "public",
        updates: [{ body: "Link check: the swings are mended.", visibility: "public", daysAgo: 1 }],
      },
    ],
  });
  const offer = (agency: number, title: string) =>
    chairOffers(
      chair,
      { priorityId: maynard.id, agencyId: agency, title, ask: "Please help.", dueInWorkingDays: 20 },
      { database: test.db, now, publicUrl: BASE },
    );

  const refused = await offer(tradingStandardsTeam.id, "Link check: test purchases");
  await declineTask(
    tradingStandards,
    { taskId: refused.id, version: refused.version, reason: "Not ours to do.", suggestedAgencyId: police.id },
    { database: test.db, now, publicUrl: BASE },
  );
  const dropped = await offer(police.id, "Link check: dropped");
  await withdrawTask(
    chair,
    { taskId: dropped.id, version: dropped.version, reason: "No longer needed." },
    { database: test.db, now, publicUrl: BASE },
  );
  // Offered last, so the newest offer e-mail is about a task still waiting for an answer.
  await offer(police.id, "Link check: evening patrols");
  // A member of the council ASB team is given a task by the coordinator.
  const asbMember = await buildUser(test.db, { email: "asb.officer@example.org", agencies: [asbTeam.id] });
  const asbTask = await buildOffer(test.db, {
    priorityId: maynard.id,
    agencyId: asbTeam.id,
    title: "Link check: assigned",
    status: "accepted",
    now,
  });
  await reassignTask(
    asbCoordinator,
    { taskId: asbTask.id, version: asbTask.version, assigneeUserId: asbMember.id },
    { database: test.db, now, publicUrl: BASE },
  );
  // Reminders to the housing team (its inbox, and its coordinator): not accepted in time, due soon, overdue.
  await buildUser(test.db, {
    email: "housing.coordinator@example.org",
    agencies: [{ agencyId: housing.id, role: "coordinator" }],
  });
  const earlier = new Date(now.getTime() - 20 * DAY);
  const housingTask = (values: Parameters<typeof buildOffer>[1]) =>
    buildOffer(test.db, { priorityId: maynard.id, agencyId: housing.id, now: earlier, ...values });
  await housingTask({ title: "Link check: late to accept", acknowledgeBy: addCalendarDays(today, -1) });
  await housingTask({
    title: "Link check: due soon",
    status: "accepted",
    dueDate: addCalendarDays(today, 1),
  });
  await housingTask({
    title: "Link check: overdue",
    status: "in_progress",
    dueDate: addCalendarDays(today, -2),
  });
  // A housing officer who chose the weekly digest gets it too, as the team's inbox does.
  await buildUser(test.db, {
    email: "housing.digest@example.org",
    agencies: [housing.id],
    mailPreference: "digest",
  });
  // The fire service was offered a task this week, and nobody signs in for it yet: its digest goes to an
  // inbox no one reads here. Made last, so it is also the newest weekly digest (as the demo's fire
  // service's was): the first test then checks its links ask for a sign-in, and the third test checks
  // what each digest reader can do, link by link.
  const fire = await buildAgency(test.db, { name: "South Yorkshire Fire and Rescue", kind: "fire" });
  await buildOffer(test.db, {
    priorityId: maynard.id,
    agencyId: fire.id,
    title: "Link check: home safety visits",
    now: new Date(now.getTime() - 2 * DAY),
  });
  await sendTaskReminders({ database: test.db, now, publicUrl: BASE });
  // A meeting that ended days ago and was never recorded.
  await buildMeeting(test.db, {
    assemblyId: south.id,
    neighbourhoods: [sitwell.id],
    kind: "pact",
    title: "Link check meeting",
    startsAt: new Date(now.getTime() - 3 * DAY),
    venue: "Library",
  });
  await remindUnrecordedMeetings({ database: test.db, now, publicUrl: BASE });
  await inviteUser(admin, { email: "new.person@example.org", name: "New Person" }, { baseUrl: BASE, now });
  // A coordinator asks someone who already has an account to join their team.
  await inviteToAgency(
    asbCoordinator,
    { agencyId: asbTeam.id, email: TRADING_STANDARDS_OFFICER, name: "Terry", role: "member" },
    { baseUrl: BASE, now },
  );
  await requestPasswordReset(POLICE_OFFICER, { baseUrl: BASE, address: "192.0.2.1", now });
  // An administrator makes Terry, who has an account, a chair of Rotherham South and adds them to the parks team.
  await setChairRole(admin, tradingStandards.userId, south.id, true);
  const parks = await buildAgency(test.db, { name: "Council Parks", kind: "council" });
  await addMembership(admin, tradingStandards.userId, { agencyId: parks.id, role: "member" });
  // A resident who follows Sitwell (Maynard Road's neighbourhood) gets the daily digest of what was done there.
  const followedAt = new Date(now.getTime() - 2 * DAY);
  await requestSubscription(
    { email: FOLLOWER, neighbourhood: sitwell.slug, address: "192.0.2.3", baseUrl: BASE },
    { database: test.db, now: followedAt },
  );
  const [confirmation] = await test.db
    .select()
    .from(t.outboxMessages)
    .where(eq(t.outboxMessages.toAddress, FOLLOWER));
  const token = confirmation.text.match(/\/subscriptions\/confirm\/([A-Za-z0-9_-]+)/)?.[1] ?? "";
  expect((await confirmSubscription(token, followedAt, test.db)).kind).toBe("confirmed");
  await sendDailyDigests({ baseUrl: BASE, now, database: test.db, fromHour: 0 });
  // Asked for last, so the newest confirmation e-mail is one still waiting to be confirmed.
  await requestSubscription(
    { email: "resident@example.com", neighbourhood: herringthorpe.slug, address: "192.0.2.2", baseUrl: BASE },
    { database: test.db, now },
  );
});

/** The people who read mail sent to this address: the person, or an agency inbox's members. */
async function readersOf(address: string): Promise<string[]> {
  const [person] = await test.db.select().from(t.users).where(eq(t.users.email, address));
  if (person) return [address];
  const inbox = await test.db.select().from(t.agencies).where(eq(t.agencies.inboxEmail, address));
  if (!inbox.length) return [];
  const members = await test.db
    .select({ email: t.users.email })
    .from(t.agencyMemberships)
    .innerJoin(t.users, eq(t.users.id, t.agencyMemberships.userId))
    .where(
      inArray(
        t.agencyMemberships.agencyId,
        inbox.map((a) => a.id),
      ),
    );
  return members.map((m) => m.email).slice(0, 1);
}

const linksIn = (html: string) =>
  [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replaceAll("&amp;", "&"));

describe("links in e-mails", () => {
  it("every link in every e-mail opens for its reader, and the newest of each kind offers the action", async () => {
    const messages = await test.db.select().from(t.outboxMessages).orderBy(t.outboxMessages.id);
    // Older messages may be overtaken (an offer since declined): their links must still open.
    const templates = new Set(messages.map((m) => m.template));
    expect([...templates].sort()).toEqual(expect.arrayContaining(Object.keys(ACTS).sort()));
    // The action is checked on the newest message of each kind whose main link its reader could open.
    const newestOpened = new Map<string, { href: string; reply: Reply }>();
    for (const message of messages) {
      const readers = await readersOf(message.toAddress);
      // Until they accept, an invitee has no session: they act through the link alone.
      const cookie =
        readers.length && message.template !== "invitation" ? await cookieFor(readers[0]) : undefined;
      const links = linksIn(message.html).filter((href) => href.startsWith(BASE));
      expect(links.length, `${message.template} has links`).toBeGreaterThan(0);
      const replies: Array<{ href: string; reply: Reply }> = [];
      for (const href of links) {
        const path = href.slice(BASE.length);
        const reply = await send("GET", path, { cookie });
        const who = `${message.template} → ${href} as ${readers[0] ?? "the public"}`;
        if (!readers.length && reply.status === 302 && /^\/(tasks|partner)\b/.test(path)) {
          // An inbox nobody signs in with yet: the link asks for a sign-in, then comes back here.
          expect(reply.location, who).toBe(`/login?returnTo=${encodeURIComponent(path)}`);
          continue;
        }
        expect(reply.status, who).toBe(200);
        replies.push({ href, reply });
      }
      const rule = ACTS[message.template];
      const main = rule && "link" in rule ? replies.find((r) => rule.link.test(r.href)) : replies[0];
      if (main) newestOpened.set(message.template, main);
    }
    for (const [template, rule] of Object.entries(ACTS)) {
      const main = newestOpened.get(template);
      expect(main, `a ${template} e-mail whose main link its reader opened`).toBeDefined();
      const acts = "link" in rule ? rule.acts : rule;
      expect(acts(main?.reply.data as Data), `${template} → ${main?.href} offers the action`).toBe(true);
    }
  });

  it("the chair's declined-task e-mail opens the chair's decision page, not the partner's view", async () => {
    const [message] = await test.db
      .select()
      .from(t.outboxMessages)
      .where(eq(t.outboxMessages.template, "task-declined"));
    expect(linksIn(message.html)[0]).toMatch(/\/chair\/tasks\/\d+$/);
    expect(message.text).toMatch(/\/chair\/tasks\/\d+/);
  });

  it("every task in the partners' weekly digest opens, for each reader, on a page where they can act on it", async () => {
    const digests = await test.db
      .select()
      .from(t.outboxMessages)
      .where(eq(t.outboxMessages.template, "agency-weekly-digest"));
    const housing = digests.filter((m) => [housingInbox, "housing.digest@example.org"].includes(m.toAddress));
    // The team's inbox, and the officer who chose the digest.
    expect(housing.map((m) => m.toAddress).sort()).toEqual(
      [housingInbox, "housing.digest@example.org"].sort(),
    );
    let checked = 0;
    for (const message of digests) {
      const links = linksIn(message.html).filter((href) => href.startsWith(BASE));
      const taskIds = links.flatMap((href) => href.match(/\/tasks\/(\d+)$/)?.[1] ?? []).map(Number);
      expect(taskIds.length, `${message.subject} lists tasks`).toBeGreaterThan(0);
      const [reader] = await readersOf(message.toAddress);
      if (!reader) {
        // An inbox nobody signs in with yet: each link asks for a sign-in, then comes back to it.
        for (const href of links) {
          const path = href.slice(BASE.length);
          const reply = await send("GET", path);
          expect(reply.location, href).toBe(`/login?returnTo=${encodeURIComponent(path)}`);
        }
        continue;
      }
      const cookie = await cookieFor(reader);
      for (const id of taskIds) {
        const reply = await send("GET", `/tasks/${id}`, { cookie });
        const who = `${message.subject}: task ${id} as ${reader}`;
        expect(reply.status, who).toBe(200);
        const { task, can } = reply.data as { task: { status: string }; can: Record<string, boolean> };
        // An offer can be accepted or declined; work under way can be updated and completed.
        if (task.status === "offered") expect(can.accept && can.decline, who).toBe(true);
        else expect(can.update && can.complete, who).toBe(true);
        checked += 1;
      }
      // The inbox link opens the agency's inbox, listing every task the digest names.
      const inboxHref = links.find((href) => /\/partner\?agency=\d+$/.test(href));
      expect(inboxHref, `${message.subject} links the inbox`).toBeDefined();
      const inbox = await send("GET", (inboxHref ?? "").slice(BASE.length), { cookie });
      expect(inbox.status).toBe(200);
      const listed = (inbox.data as Data).inbox?.items as Array<{ id: number }>;
      expect(listed.map((item) => item.id)).toEqual(expect.arrayContaining(taskIds));
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("a resident's daily digest links to the public pages of what it reports, and to an unsubscribe page that offers it", async () => {
    const [digest, ...more] = await test.db
      .select()
      .from(t.outboxMessages)
      .where(
        and(eq(t.outboxMessages.template, "subscription-digest"), eq(t.outboxMessages.toAddress, FOLLOWER)),
      );
    expect(more).toEqual([]);
    expect(digest.text).toContain("Link check: the swings are mended.");
    const links = linksIn(digest.html).filter((href) => href.startsWith(BASE));
    const priorityLinks = links.filter((href) => /\/neighbourhoods\/[a-z0-9-]+\/priorities\/\d+$/.test(href));
    expect(priorityLinks.length).toBeGreaterThan(0);
    for (const href of priorityLinks) {
      // The resident has no account: each page opens to the public and shows the priority the digest names.
      const reply = await send("GET", href.slice(BASE.length));
      expect(reply.status, href).toBe(200);
      const { priority } = reply.data as { priority: { id: number; title: string } };
      expect(String(priority.id), href).toBe(href.split("/").at(-1));
      expect(digest.text).toContain(priority.title);
    }
    const pageLink = links.find((href) => /\/neighbourhoods\/[a-z0-9-]+$/.test(href));
    expect(pageLink).toBeDefined();
    expect((await send("GET", (pageLink ?? "").slice(BASE.length))).status).toBe(200);
    const unsubscribeLink = links.find((href) => href.includes("/subscriptions/unsubscribe/"));
    expect(unsubscribeLink).toBeDefined();
    const unsubscribePage = await send("GET", (unsubscribeLink ?? "").slice(BASE.length));
    expect(unsubscribePage.status).toBe(200);
    // Still subscribed, so the page offers the button (a GET changes nothing).
    expect(unsubscribePage.data).toMatchObject({ unsubscribed: false });
  });
});
