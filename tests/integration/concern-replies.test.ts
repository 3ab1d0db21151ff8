// Closing the loop with the resident (issue 14, parts 1–3): every concern has
// a reference; a resident who left an address is acknowledged and then told,
// once, what the chair decided (a decision corrected within 10 minutes sends
// one e-mail, not two); "what you told us" is public per neighbourhood and per
// meeting, and a reference can be looked up — all on a fixed clock.
import { and, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listOutbox } from "~/domain/accounts/outbox-admin";
import { applyRetention, REMOVED_ADDRESS } from "~/domain/accounts/retention";
import { CONCERN_LOOKUP_RATE_LIMIT, normaliseReference } from "~/domain/concerns/concern-references";
import { addMeetingConcern, moderateConcern } from "~/domain/concerns/concerns";
import { raiseOnlineConcern } from "~/domain/concerns/online-concerns";
import { CONCERNS_PAGE_SIZE } from "~/domain/concerns/public-concerns";
import type { Viewer } from "~/domain/core/access";
import { DomainError } from "~/domain/core/errors";
import { readChangesSince } from "~/domain/core/public-changes";
import { agreePriority } from "~/domain/priorities/priorities";
import { deliverDueMessages, smtpTransport } from "~/integrations/mailer.server";
import * as follow from "~/routes/concerns.$reference.follow";
import * as t from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildCategory,
  buildConcern,
  buildMeeting,
  buildNeighbourhood,
  buildPriority,
  buildUser,
  linkConcerns,
} from "../factories/build";
import { viewer } from "../factories/demo";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";
import { getPublic } from "../support/public-surface";
import { startSmtp } from "../support/smtp";

const test = useTestDatabase();
const BASE = "http://localhost";
const NOW = new Date("2026-11-20T19:30:00Z");
useFixedClock(NOW);
const MINUTE = 60_000;
const at = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE);

/** Private details that would leak if a public surface or e-mail carried them. */
const RESIDENT = { name: "Ottoline Pemberton", email: "ottoline.p@example.net", phone: "07700 900555" };
const ORIGINAL_MARKER = "ORIGINAL-WORDING-MARKER";
const PARTNERS_ONLY = ["Cranworth Road", "K.T. (16)", "J.B., aged 15"];
const SECRETS = [RESIDENT.name, RESIDENT.email, RESIDENT.phone, ORIGINAL_MARKER, ...PARTNERS_ONLY];

let chair: Viewer;
let chairEmail: string;
let sitwell: { id: number; slug: string; name: string };
let meetingId: number;
let categoryId: number;
let asb: typeof t.agencies.$inferSelect;
let smtp: Awaited<ReturnType<typeof startSmtp>>;
/** The concerns already on record before the file's own: four raised at the held meeting, one online. */
const SEEDED_CONCERNS = 5;

/**
 * Sitwell, in an assembly with its chair; a meeting held there a fortnight ago;
 * the council's anti-social behaviour team (a public name and contact, and an
 * inbox that must not reach a resident); Sitwell's active priority, whose
 * partners-only notes name young people and a street (PARTNERS_ONLY); and the
 * concerns already on record: four from the held meeting (adopted into the
 * priority, answered, referred, not adopted) and one online, not yet moderated.
 */
beforeAll(async () => {
  await buildBankHolidays(test.db);
  const assembly = await buildAssembly(test.db, { slug: "rotherham-south", name: "Rotherham South" });
  sitwell = await buildNeighbourhood(test.db, { assemblyId: assembly.id, slug: "sitwell", name: "Sitwell" });
  chairEmail = "chair.rotherham-south@example.org";
  const chairUser = await buildUser(test.db, { email: chairEmail, chairs: [assembly.id] });
  chair = await viewer(chairUser.email, test.db);
  const { meeting } = await buildMeeting(test.db, {
    assemblyId: assembly.id,
    neighbourhoods: [sitwell.id],
    status: "held",
    startsInDays: -14,
    now: NOW,
  });
  meetingId = meeting.id;
  ({ id: categoryId } = await buildCategory(test.db, { name: "Anti-social behaviour" }));
  asb = await buildAgency(test.db, {
    slug: "council-asb-team",
    kind: "council",
    name: "Council anti-social behaviour team",
    inboxEmail: "asb@council.example.org",
    publicContact: "Report anti-social behaviour on the council website or call 01709 000000.",
  });
  const { priority } = await buildPriority(test.db, {
    neighbourhood: sitwell.id,
    title: "Youths causing damage at Maynard Road play area",
    categoryId,
    agreedAtMeetingId: meetingId,
    now: NOW,
    tasks: [
      {
        agency: asb.id,
        status: "in_progress",
        updates: [
          { body: "Warning letters sent and contracts agreed with families.", daysAgo: 20 },
          {
            body: "ABC signed by K.T. (16) at home with mum; brother also named by neighbours.",
            daysAgo: 18,
            visibility: "partners_only",
          },
        ],
      },
      {
        agency: { slug: "syp-neighbourhood-team", kind: "police", name: "Neighbourhood policing team" },
        status: "in_progress",
        updates: [
          {
            body: "Names passed to YOT. Sergeant Morgan to speak to parents at 12 Cranworth Road.",
            daysAgo: 10,
            visibility: "partners_only",
          },
        ],
      },
      {
        agency: { kind: "youth_offending", name: "Youth offending team" },
        status: "done",
        confidentiality: "partners_only",
        outcome: "J.B., aged 15, completed the prevention programme; no further incidents recorded.",
      },
    ],
  });
  const raisedAt = new Date(meeting.startsAt.getTime() + 30 * MINUTE);
  const atTheMeeting = {
    neighbourhoodId: sitwell.id,
    raisedAtMeetingId: meetingId,
    categoryId,
    contactName: "Margaret Hollis",
    contactEmail: "margaret.hollis@example.net",
    moderatedAt: raisedAt,
    decidedAt: raisedAt,
    createdAt: raisedAt,
  };
  await linkConcerns(test.db, priority.id, [
    await buildConcern(test.db, {
      ...atTheMeeting,
      publicWording: "Youths damaging the play area fence.",
      status: "adopted",
    }),
  ]);
  await buildConcern(test.db, {
    ...atTheMeeting,
    publicWording: "Street light out on Sitwell Grove.",
    status: "answered",
    answer: "The council repaired it the next week.",
  });
  await buildConcern(test.db, {
    ...atTheMeeting,
    publicWording: "Neighbours shouting late at night.",
    status: "referred",
    referredAgencyId: asb.id,
  });
  await buildConcern(test.db, {
    ...atTheMeeting,
    publicWording: "Hedges overgrown on the lane.",
    status: "not_adopted",
    notAdoptedReason: "The lane is private.",
  });
  await buildConcern(test.db, {
    neighbourhoodId: sitwell.id,
    source: "online",
    categoryId,
    publicWording: "Bins left out all week.",
    contactEmail: "online.resident@example.net",
    createdAt: new Date(NOW.getTime() - 2 * 86_400_000),
  });
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp?.close();
});

/** A concern with the resident's details, entered at the meeting and moderated in the same breath. */
async function meetingConcern(wording: string, contactEmail: string | null = RESIDENT.email) {
  return addMeetingConcern(
    chair,
    {
      meetingId,
      neighbourhoodId: sitwell.id,
      categoryId,
      location: "Wickersley Road",
      publicWording: wording,
      contactName: RESIDENT.name,
      contactEmail: contactEmail ?? undefined,
      contactPhone: RESIDENT.phone,
    },
    { now: NOW, publicUrl: BASE },
  );
}

const mailFor = (concernId: number, status?: (typeof t.outboxStatuses)[number]) =>
  test.db
    .select()
    .from(t.outboxMessages)
    .where(
      and(
        like(t.outboxMessages.dedupeKey, `concern-decision:${concernId}:%`),
        status ? eq(t.outboxMessages.status, status) : undefined,
      ),
    );

const decide = (concernId: number, decision: Parameters<typeof moderateConcern>[1]["decision"], now = NOW) =>
  moderateConcern(
    chair,
    {
      concernId,
      publicWording: "Cars parked on the pavement by the school.",
      location: "Wickersley Road",
      decision,
    },
    { now, publicUrl: BASE },
  );

const activeSitwellPriority = async () =>
  (
    await test.db
      .select()
      .from(t.priorities)
      .where(and(eq(t.priorities.neighbourhoodId, sitwell.id), eq(t.priorities.status, "active")))
      .limit(1)
  )[0];

/** The first concern decided in this file (answered, with the resident's address). */
const firstDecided = async () =>
  (
    await test.db
      .select()
      .from(t.concerns)
      .where(eq(t.concerns.publicWording, "Cars parked on the pavement by the school."))
      .orderBy(t.concerns.id)
      .limit(1)
  )[0];

/** Every link in a message, as a path on this site. */
const pathsIn = (text: string) =>
  [...text.matchAll(/http:\/\/localhost(\/[^\s"<>]*)/g)].map((m) => m[1].replace(/&amp;/g, "&"));

function expectNoSecrets(where: string, ...texts: string[]) {
  const all = texts.join("\n");
  for (const secret of SECRETS) expect(all.includes(secret), `"${secret}" appears in ${where}`).toBe(false);
}

async function followRoute(kind: "loader" | "action", path: string) {
  const url = new URL(path, BASE);
  const reference = decodeURIComponent(url.pathname.split("/")[2]);
  const request = new Request(url, { method: kind === "loader" ? "GET" : "POST" });
  try {
    const handler = kind === "loader" ? follow.loader : follow.action;
    const result = (await handler({ request, params: { reference }, context: {} } as never)) as {
      data: { kind: string; followed: boolean; title: string };
    };
    return { status: 200, data: result.data };
  } catch (thrown) {
    return { status: (thrown as Response).status, data: undefined };
  }
}

describe("a reference for every concern", () => {
  it("gives seeded, meeting and online concerns a distinct RC- reference from the look-alike-free alphabet", async () => {
    await meetingConcern("Speeding on Wickersley Road at school time.");
    const rows = await test.db.select({ reference: t.concerns.reference }).from(t.concerns);
    expect(rows).toHaveLength(SEEDED_CONCERNS + 1);
    for (const { reference } of rows) expect(reference).toMatch(/^RC-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(new Set(rows.map((r) => r.reference)).size).toBe(rows.length);
  });

  it("reads a reference typed in any case, with spaces, or without RC-", () => {
    for (const typed of ["RC-7K3Q-9XMP", "rc-7k3q-9xmp", " rc 7K3Q 9XMP ", "7K3Q9XMP", "7k3q-9xmp"]) {
      expect(normaliseReference(typed), typed).toBe("RC-7K3Q-9XMP");
    }
    for (const typed of ["RC-7K3Q-9XM", "RC-7K3Q-9XM0", "RC-OK3Q-9XMP", "", "nonsense"]) {
      expect(normaliseReference(typed), typed).toBeNull();
    }
  });
});

describe("the acknowledgement", () => {
  const raise = (email: string | undefined, address: string, now = NOW) =>
    raiseOnlineConcern(
      {
        neighbourhoodSlug: "sitwell",
        address,
        category: categoryId,
        location: "Wickersley Road",
        wording: `${ORIGINAL_MARKER}: vans parked across the dropped kerb every morning.`,
        contactName: RESIDENT.name,
        contactEmail: email,
        contactPhone: RESIDENT.phone,
      },
      { now, publicUrl: BASE },
    );
  const acknowledgementsTo = (email: string) =>
    test.db
      .select()
      .from(t.outboxMessages)
      .where(
        and(eq(t.outboxMessages.toAddress, email), eq(t.outboxMessages.template, "concern-acknowledgement")),
      );

  it("is queued with the reference, names the neighbourhood, and links to a page that shows the concern", async () => {
    const raised = await raise("ack.first@example.net", "192.0.2.10");
    if (raised.kind !== "raised") throw new Error("not raised");
    const [mail] = await acknowledgementsTo("ack.first@example.net");
    expect(mail.subject).toBe(`Your concern about Sitwell: reference ${raised.reference}`);
    expect(mail.text).toContain(`Your reference is ${raised.reference}`);
    expect(mail.html).toContain(raised.reference);
    expect(mail.html).toMatch(/^<!doctype html>/);
    expect(pathsIn(mail.text)).toEqual([`/concerns/${raised.reference}`]);
    const page = await getPublic(pathsIn(mail.text)[0]);
    expect(page.status).toBe(200);
    expect((page.data as { kind: string }).kind).toBe("waiting");
    // The e-mail carries neither the resident's words nor their details (the address may be someone else's).
    expectNoSecrets("the acknowledgement", mail.subject, mail.text, mail.html);
  });

  it("is not sent when no address was given", async () => {
    const before = await test.db.select().from(t.outboxMessages);
    const raised = await raise(undefined, "192.0.2.11");
    expect(raised.kind).toBe("raised");
    expect(await test.db.select().from(t.outboxMessages)).toHaveLength(before.length);
  });

  it("goes at most 3 times a day to an address that has never confirmed anything, and again a day later", async () => {
    const email = "flooded@example.net";
    for (const [n, address] of ["192.0.2.21", "192.0.2.22", "192.0.2.23", "192.0.2.24"].entries()) {
      expect((await raise(email, address, at(n))).kind).toBe("raised");
    }
    expect(await acknowledgementsTo(email)).toHaveLength(3);
    // The day counts from the first: 24 hours later it is still full; just after, one more may go.
    await raise(email, "192.0.2.25", at(24 * 60 - 1));
    expect(await acknowledgementsTo(email)).toHaveLength(3);
    await raise(email, "192.0.2.26", at(24 * 60 + 1));
    expect(await acknowledgementsTo(email)).toHaveLength(4);
  });

  it("has no daily limit for an address that has confirmed a subscription", async () => {
    const email = "follower@example.net";
    const [priority] = await test.db.select({ id: t.priorities.id }).from(t.priorities).limit(1);
    await test.db.insert(t.subscriptions).values({
      email,
      priorityId: priority.id,
      confirmTokenHash: "confirmed-test-hash",
      unsubscribeTokenHash: "confirmed-test-unsub",
      confirmedAt: NOW,
    });
    for (const [n, address] of ["192.0.2.31", "192.0.2.32", "192.0.2.33", "192.0.2.34"].entries()) {
      await raise(email, address, at(n));
    }
    expect(await acknowledgementsTo(email)).toHaveLength(4);
  });
});

describe("telling the resident what the chair decided", () => {
  it("answered: one e-mail, held 10 minutes, with the answer — in text and HTML, naming the neighbourhood", async () => {
    const concern = await meetingConcern(`${ORIGINAL_MARKER} cars on the pavement`);
    await decide(concern.id, {
      status: "answered",
      answer: "Enforcement officers will visit at school times.",
    });
    const [mail] = await mailFor(concern.id);
    expect(mail.status).toBe("pending");
    expect(mail.toAddress).toBe(RESIDENT.email);
    expect(mail.nextAttemptAt.getTime()).toBe(at(10).getTime());
    expect(mail.subject).toBe(`What happened to your concern about Sitwell (${concern.reference})`);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain("Enforcement officers will visit at school times.");
      expect(part).toContain("Cars parked on the pavement by the school.");
    }
    expect(pathsIn(mail.text)).toEqual([`/concerns/${concern.reference}`]);
    const page = await getPublic(`/concerns/${concern.reference}`);
    expect(page.body).toContain("Enforcement officers will visit at school times.");
    expectNoSecrets("the answered e-mail", mail.subject, mail.text, mail.html);
  });

  it("referred: names the service by its public name and gives its public contact", async () => {
    const concern = await meetingConcern("Shouting in the street late at night.");
    await decide(concern.id, { status: "referred", agencyId: asb.id });
    const [mail] = await mailFor(concern.id);
    expect(mail.text).toContain(asb.name);
    expect(mail.text).toContain(asb.publicContact);
    expect(mail.html).toContain(asb.name);
    expect(mail.text).not.toContain(asb.inboxEmail);
    expectNoSecrets("the referred e-mail", mail.subject, mail.text, mail.html);
  });

  it("not adopted: gives the reason", async () => {
    const concern = await meetingConcern("Trees need cutting back on the lane.");
    await decide(concern.id, {
      status: "not_adopted",
      reason: "It is private land: the owner has been told.",
    });
    const [mail] = await mailFor(concern.id);
    expect(mail.text).toContain("It is private land: the owner has been told.");
    expect(mail.html).toContain("It is private land: the owner has been told.");
  });

  it("adopted into a current priority: links to the priority page and a follow link — GET changes nothing, POST subscribes", async () => {
    const priority = await activeSitwellPriority();
    const concern = await meetingConcern("Youths on the play area after dark.");
    await decide(concern.id, { status: "adopted", priorityId: priority.id });
    const [mail] = await mailFor(concern.id);
    expect(mail.text).toContain(priority.title);
    const paths = pathsIn(mail.text);
    expect(paths[0]).toBe(`/neighbourhoods/sitwell/priorities/${priority.id}`);
    expect(paths[1]).toMatch(
      new RegExp(`^/concerns/${concern.reference}/follow\\?priority=${priority.id}&token=`),
    );
    expect(paths[2]).toBe(`/concerns/${concern.reference}`);
    expect(pathsIn(mail.html)).toEqual(paths);
    expect((await getPublic(paths[0])).status).toBe(200);
    expectNoSecrets("the adopted e-mail", mail.subject, mail.text, mail.html);

    const following = () =>
      test.db
        .select()
        .from(t.subscriptions)
        .where(and(eq(t.subscriptions.priorityId, priority.id), eq(t.subscriptions.email, RESIDENT.email)));
    const shown = await followRoute("loader", paths[1]);
    expect(shown.status).toBe(200);
    expect(shown.data).toMatchObject({ kind: "valid", title: priority.title, followed: false });
    expect(await following()).toHaveLength(0);
    const done = await followRoute("action", paths[1]);
    expect(done.data).toMatchObject({ kind: "valid", followed: true });
    const [subscription] = await following();
    expect(subscription.confirmedAt).not.toBeNull();
    await followRoute("action", paths[1]);
    expect(await following()).toHaveLength(1);
    // A forged token, or a priority the concern was not adopted into, is no link at all.
    // Change the token's first character to a different one (a fixed "x" would match one token in 64).
    const forged = paths[1].replace(/token=(.)/, (_, first: string) => `token=${first === "x" ? "y" : "x"}`);
    expect(forged).not.toBe(paths[1]);
    expect((await followRoute("loader", forged)).status).toBe(404);
    expect(
      (
        await followRoute(
          "loader",
          paths[1].replace(`priority=${priority.id}`, `priority=${priority.id + 1000}`),
        )
      ).status,
    ).toBe(404);
  });

  it("adopted into a new priority agreed at the meeting: one e-mail per concern with an address, none without", async () => {
    const withAddress = await meetingConcern("Fly-tipping behind the shops.");
    const without = await meetingConcern("Fly-tipping on the back lane.", null);
    await test.db
      .update(t.neighbourhoods)
      .set({ maxActivePriorities: 10 })
      .where(eq(t.neighbourhoods.id, sitwell.id));
    const priority = await agreePriority(
      chair,
      {
        meetingId,
        neighbourhoodId: sitwell.id,
        concernIds: [withAddress.id, without.id],
        title: "Fly-tipping behind the Sitwell shops",
        youSaid: "Rubbish is dumped behind the shops and on the lane.",
        categoryId,
        reviewDate: "2027-02-01",
      },
      { now: NOW, publicUrl: BASE },
    );
    const [mail] = await mailFor(withAddress.id);
    expect(mail.text).toContain("Fly-tipping behind the Sitwell shops");
    expect(pathsIn(mail.text)[0]).toBe(`/neighbourhoods/sitwell/priorities/${priority.id}`);
    expect(await mailFor(without.id)).toHaveLength(0);
  });

  it("a decision changed at 9:59 cancels the first e-mail; the outbox worker sends only the new one", async () => {
    const concern = await meetingConcern("Parking on the grass verge.");
    await decide(concern.id, { status: "not_adopted", reason: "Chosen by mistake." });
    await decide(
      concern.id,
      { status: "answered", answer: "Bollards go in next month." },
      new Date(NOW.getTime() + 9 * MINUTE + 59_000),
    );
    const mail = await mailFor(concern.id);
    expect(mail.map((m) => m.status).sort()).toEqual(["cancelled", "pending"]);
    expect(mail.find((m) => m.status === "cancelled")?.text).toContain("Chosen by mistake.");
    const cancelled = await listOutbox({ status: "cancelled" });
    expect(cancelled.map((m) => m.subject)).toContain(mail[0].subject);

    smtp.received.length = 0;
    const transport = smtpTransport(smtp.url);
    await deliverDueMessages({ transport, now: at(30), batch: 100 });
    const mine = smtp.received
      .map((r) => r.raw.replace(/=\r?\n/g, ""))
      .filter((raw) => raw.includes("What happened to your concern") && raw.includes(concern.reference));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toContain("Bollards go in next month.");
    expect(mine[0]).not.toContain("Chosen by mistake.");
    expect(mine[0]).toMatch(/Content-Type: text\/plain/);
    expect(mine[0]).toMatch(/Content-Type: text\/html/);
    expect(await mailFor(concern.id, "cancelled")).toHaveLength(1);
  });

  it("a decision cannot change at 10:01: it is final, and the e-mail already queued is untouched", async () => {
    const concern = await meetingConcern("Litter by the bus stop.");
    await decide(concern.id, { status: "answered", answer: "The bin will be emptied twice a week." });
    const late = await decide(
      concern.id,
      { status: "not_adopted", reason: "Too late" },
      new Date(NOW.getTime() + 10 * MINUTE + 1000),
    ).catch((error) => error);
    expect(late).toBeInstanceOf(DomainError);
    expect((late as DomainError).message).toMatch(/final/);
    const mail = await mailFor(concern.id);
    expect(mail.map((m) => m.status)).toEqual(["pending"]);
    const [row] = await test.db.select().from(t.concerns).where(eq(t.concerns.id, concern.id));
    expect(row.status).toBe("answered");
  });

  it("un-adopting within the window removes the priority link in the same change", async () => {
    const priority = await activeSitwellPriority();
    const concern = await meetingConcern("Broken glass on the path.");
    await decide(concern.id, { status: "adopted", priorityId: priority.id });
    const links = () =>
      test.db.select().from(t.priorityConcerns).where(eq(t.priorityConcerns.concernId, concern.id));
    expect(await links()).toHaveLength(1);
    await decide(concern.id, { status: "referred", agencyId: asb.id }, at(5));
    expect(await links()).toHaveLength(0);
    const [pending] = await mailFor(concern.id, "pending");
    expect(pending.text).toContain(asb.name);
    expect(pending.text).not.toContain(priority.title);
  });

  it("the chair's page shows the reference and offers the change only while the window is open", async () => {
    const { getConcernForChair } = await import("~/domain/concerns/concerns");
    const concern = await meetingConcern("Noise from the car park.");
    await decide(concern.id, { status: "answered", answer: "Patrols at closing time." });
    const open = await getConcernForChair(chair, concern.id, test.db, at(9));
    expect(open.concern.reference).toBe(concern.reference);
    expect(open.canChangeDecision).toBe(true);
    expect(open.decisionFinalAt?.getTime()).toBe(at(10).getTime());
    expect((await getConcernForChair(chair, concern.id, test.db, at(10))).canChangeDecision).toBe(false);
  });
});

describe("the chair's concern page", () => {
  it("decides through the form, then offers to change the decision and shows the reference", async () => {
    const cookie = await cookieFor(chairEmail);
    const concern = await meetingConcern("Dog fouling on the playing field.");
    const saved = await send("POST", `/chair/concerns/${concern.id}`, {
      cookie,
      form: {
        publicWording: "Dog fouling on the playing field.",
        location: "Sitwell playing field",
        decision: "answered",
        answer: "More bins and a patrol at dog-walking times.",
      },
    });
    expect(saved.status).toBe(302);
    const page = await send("GET", `/chair/concerns/${concern.id}`, { cookie });
    expect(page.data).toMatchObject({ canChangeDecision: true, concern: { reference: concern.reference } });
    const [mail] = await mailFor(concern.id, "pending");
    expect(mail.text).toContain("More bins and a patrol at dog-walking times.");
  });
});

describe("what you told us, in public", () => {
  it("lists moderated concerns with what became of each — never the original wording or the resident", async () => {
    const page = await getPublic("/neighbourhoods/sitwell/concerns");
    expect(page.status).toBe(200);
    expect(page.headers.get("Cache-Control")).toMatch(/^public/);
    const data = page.data as { concerns: Array<{ publicWording: string; outcome: { status: string } }> };
    const byWording = new Map(data.concerns.map((c) => [c.publicWording, c.outcome]));
    expect(byWording.get("Cars parked on the pavement by the school.")).toBeDefined();
    expect(page.body).toContain("Enforcement officers will visit at school times.");
    expect(page.body).toContain(asb.name);
    expect(page.body).toContain("It is private land: the owner has been told.");
    expect(page.body).toContain("Fly-tipping behind the Sitwell shops");
    // Online concerns not yet moderated are not listed.
    expect(page.body).not.toContain("vans parked across the dropped kerb");
    expectNoSecrets("/neighbourhoods/sitwell/concerns", page.body);
  });

  it("a decision is recorded as a public change, so the cached public pages showing it are dropped", async () => {
    const concern = await meetingConcern("Speeding vans on the estate road.", null);
    const changes = async () => (await readChangesSince(0, test.db)).rows.length;
    const before = await changes();
    await decide(concern.id, { status: "answered", answer: "Speed checks next week." });
    expect(await changes()).toBeGreaterThan(before);
  });

  it("pages the list newest first", async () => {
    for (let n = 0; n <= CONCERNS_PAGE_SIZE; n++)
      await meetingConcern(`Concern number ${n} about the lane.`, null);
    const first = await getPublic("/neighbourhoods/sitwell/concerns");
    const data = first.data as { total: number; pages: number; concerns: Array<{ raisedAt: string }> };
    expect(data.total).toBeGreaterThan(CONCERNS_PAGE_SIZE);
    expect(data.pages).toBe(Math.ceil(data.total / CONCERNS_PAGE_SIZE));
    const times = data.concerns.map((c) => new Date(c.raisedAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const second = await getPublic("/neighbourhoods/sitwell/concerns?page=2");
    expect((second.data as { concerns: unknown[] }).concerns).toHaveLength(
      Math.min(CONCERNS_PAGE_SIZE, data.total - CONCERNS_PAGE_SIZE),
    );
  });

  it("shows the concerns raised at a meeting on the meeting's page", async () => {
    const page = await getPublic(`/meetings/${meetingId}`);
    const data = page.data as { concerns: Array<{ publicWording: string; source: string }> };
    expect(data.concerns.some((c) => c.publicWording === "Cars parked on the pavement by the school.")).toBe(
      true,
    );
    expect(data.concerns.every((c) => c.source === "meeting")).toBe(true);
    expectNoSecrets(`/meetings/${meetingId}`, page.body);
  });

  it("looks a reference up: the public record after moderation, the resident's own words only before, never cached", async () => {
    const decided = await firstDecided();
    const typed = decided.reference.toLowerCase().replace("rc-", "").replace("-", " ");
    const found = await getPublic(`/concerns/${encodeURIComponent(typed)}`);
    expect(found.status).toBe(200);
    expect(found.headers.get("Cache-Control")).toBe("private, no-store");
    expect((found.data as { kind: string }).kind).toBe("public");
    expectNoSecrets("the lookup of a decided concern", found.body);

    const [waiting] = await test.db
      .select()
      .from(t.concerns)
      .where(
        and(
          eq(t.concerns.source, "online"),
          eq(t.concerns.status, "new"),
          like(t.concerns.originalWording, `${ORIGINAL_MARKER}%`),
        ),
      )
      .limit(1);
    const own = await getPublic(`/concerns/${waiting.reference}`);
    expect(own.headers.get("Cache-Control")).toBe("private, no-store");
    expect(own.data).toMatchObject({ kind: "waiting", reference: waiting.reference });
    expect(own.body).toContain(ORIGINAL_MARKER);
    for (const secret of [RESIDENT.name, RESIDENT.email, RESIDENT.phone])
      expect(own.body).not.toContain(secret);

    expect((await getPublic("/concerns/RC-2222-2222")).status).toBe(404);
  });

  it("limits look-ups per address, so references cannot be enumerated", async () => {
    const { lookUpConcern } = await import("~/domain/concerns/public-concerns");
    const address = "198.51.100.99";
    for (let n = 0; n < CONCERN_LOOKUP_RATE_LIMIT.limit; n++) {
      expect((await lookUpConcern({ reference: "RC-2222-2222", address }, { now: at(n) })).kind).toBe(
        "not_found",
      );
    }
    expect((await lookUpConcern({ reference: "RC-2222-2222", address }, { now: at(30) })).kind).toBe(
      "rate_limited",
    );
    expect(
      (await lookUpConcern({ reference: "RC-2222-2222", address: "198.51.100.100" }, { now: at(30) })).kind,
    ).toBe("not_found");
    expect((await lookUpConcern({ reference: "RC-2222-2222", address }, { now: at(61) })).kind).toBe(
      "not_found",
    );
  });

  it("retention removes the address but keeps the reference and the public record", async () => {
    const decided = await firstDecided();
    const sentTo = (id: number) =>
      test.db
        .select({ to: t.outboxMessages.toAddress })
        .from(t.outboxMessages)
        .where(
          sql`${t.outboxMessages.dedupeKey} = ${`concern-acknowledgement:${id}`} or ${t.outboxMessages.dedupeKey} like ${`concern-decision:${id}:%`}`,
        );
    const before = await sentTo(decided.id);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((m) => m.to === decided.contactEmail)).toBe(true);
    await applyRetention({ years: 3, now: new Date("2030-01-01T00:00:00Z") });
    // Nor is the address kept in the e-mails sent about the concern.
    const after = await sentTo(decided.id);
    expect(after.map((m) => m.to)).toEqual(before.map(() => REMOVED_ADDRESS));
    const [concern] = await test.db.select().from(t.concerns).where(eq(t.concerns.id, decided.id));
    expect(concern).toMatchObject({
      contactEmail: null,
      contactName: null,
      contactPhone: null,
      reference: decided.reference,
    });
    const found = await getPublic(`/concerns/${decided.reference}`);
    expect((found.data as { kind: string; concern: { publicWording: string } }).concern.publicWording).toBe(
      "Cars parked on the pavement by the school.",
    );
  });
});
