// Privacy: data that WOULD leak is in the database — residents' names, e-mail
// addresses and phone numbers on concerns, partners-only updates, youth
// offending work (even a task wrongly marked public), a safeguarding referral,
// a partners-only task, declined and withdrawn tasks, officer names, a
// subscriber's address — and none of it may appear on any public page, feed,
// open-data response, CSV or e-mail to the public.
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { moderateConcern } from "~/domain/concerns/concerns";
import { raiseOnlineConcern } from "~/domain/concerns/online-concerns";
import { requestSubscription, sendDailyDigests } from "~/domain/concerns/subscriptions";
import {
  agencies,
  concerns,
  improvementAnswers,
  meetings,
  outboxMessages,
  priorities,
  subscriptions,
  tasks,
  taskUpdates,
  users,
} from "~db/schema";
import { DEMO, loadDemo, viewer } from "../factories/demo";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";
import { getPublic } from "../support/public-surface";

const test = useTestDatabase();
useFixedClock();

const SUBSCRIBER = "subscriber.private@example.net";
const ONLINE_RESIDENT = { name: "Rosalind Quigley", email: "rosalind.q@example.net", phone: "07700 900999" };

/** Strings that must never reach the public. */
const SECRETS = [
  // residents on seeded concerns
  "Margaret Hollis",
  "margaret.hollis@example.net",
  "07700 900123",
  "Dev Patel",
  "07700 900456",
  "Linda Shaw",
  "linda.shaw@example.net",
  "07700 900789",
  "Graham Fletcher",
  "g.fletcher@example.net",
  "resident.online@example.net",
  // a resident online
  ONLINE_RESIDENT.name,
  ONLINE_RESIDENT.email,
  ONLINE_RESIDENT.phone,
  // partners-only updates
  "Cranworth Road",
  "children’s services",
  "K.T. (16)",
  // youth offending work and the safeguarding referral
  "Joint operation with the neighbourhood team",
  "J.B., aged 15",
  "Safeguarding referral",
  "YOT-MARKED-PUBLIC-BY-MISTAKE",
  "YOT-PUBLIC-UPDATE-MARKER",
  // a partners-only task of another agency, with an update marked public
  "PARTNERS-ONLY-TASK-TITLE",
  "PUBLIC-UPDATE-ON-PRIVATE-TASK",
  // declined and withdrawn tasks
  "DECLINED-TASK-TITLE",
  "DECLINE-REASON-MARKER",
  "WITHDRAWN-TASK-TITLE",
  // officers and staff
  "Pat Morgan",
  "Sam Ahmed",
  "Terry Stone",
  "police@example.org",
  "neighbourhoods@police.example.org",
  // the subscriber
  SUBSCRIBER,
  // the resident's own words before moderation, from an online concern
  "ONLINE-CONCERN-WORDING-MARKER",
  // a resident's private comment on "Has this got better?", on a current and a closed priority
  "IMPROVEMENT-COMMENT-MARKER",
  "improver@example.net",
];

async function addLeakyData() {
  const db = test.db;
  const [maynard] = await db
    .select({ id: priorities.id })
    .from(priorities)
    .where(eq(priorities.title, "Youths causing damage at Maynard Road play area"));
  const agencyId = async (slug: string) =>
    (await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.slug, slug)))[0].id;
  const base = {
    priorityId: maynard.id,
    acknowledgeBy: "2026-01-01",
    actionPlanDueBy: "2026-01-01",
    dueDate: "2099-01-01",
  };
  // Youth offending work marked public by mistake: the agency's partners-only default still wins.
  const [yot] = await db
    .insert(tasks)
    .values({
      ...base,
      agencyId: await agencyId("youth-offending-team"),
      title: "YOT-MARKED-PUBLIC-BY-MISTAKE",
      ask: "Work with the young people named by residents.",
      confidentiality: "public",
      status: "in_progress",
    })
    .returning({ id: tasks.id });
  await db
    .insert(taskUpdates)
    .values({ taskId: yot.id, body: "YOT-PUBLIC-UPDATE-MARKER", visibility: "public" });
  // A partners-only task of the ASB team, with an update marked public.
  const [privateTask] = await db
    .insert(tasks)
    .values({
      ...base,
      agencyId: await agencyId("council-asb-team"),
      title: "PARTNERS-ONLY-TASK-TITLE",
      ask: "Visit the family at home.",
      confidentiality: "partners_only",
      status: "in_progress",
    })
    .returning({ id: tasks.id });
  await db
    .insert(taskUpdates)
    .values({ taskId: privateTask.id, body: "PUBLIC-UPDATE-ON-PRIVATE-TASK", visibility: "public" });
  await db.insert(tasks).values([
    {
      ...base,
      agencyId: await agencyId("housing"),
      title: "DECLINED-TASK-TITLE",
      ask: "Check the tenancy.",
      status: "declined",
      declineReason: "DECLINE-REASON-MARKER",
    },
    {
      ...base,
      agencyId: await agencyId("housing"),
      title: "WITHDRAWN-TASK-TITLE",
      ask: "Letters to tenants.",
      status: "withdrawn",
      withdrawnReason: "Not needed",
    },
  ]);
  // The seeded partners-only and safeguarding entries must really be there.
  const [{ safeguarding }] = await db
    .select({ safeguarding: sql<number>`count(*)::int` })
    .from(taskUpdates)
    .where(eq(taskUpdates.safeguardingReferral, true));
  expect(safeguarding).toBeGreaterThan(0);
  // A resident raises a concern online, with contact details.
  await raiseOnlineConcern({
    neighbourhoodSlug: "sitwell",
    address: "198.51.100.7",
    category: 1,
    location: "Maynard Road play area",
    wording: "ONLINE-CONCERN-WORDING-MARKER: older boys damage the swings every evening.",
    contactName: ONLINE_RESIDENT.name,
    contactEmail: ONLINE_RESIDENT.email,
    contactPhone: ONLINE_RESIDENT.phone,
  });
  // Residents answer "Has this got better?" with private comments: enough answers that the counts show.
  const answered = await db
    .select({ id: priorities.id })
    .from(priorities)
    .where(inArray(priorities.status, ["active", "resolved"]));
  await db.insert(improvementAnswers).values(
    answered.flatMap((p) =>
      ["better", "better", "no_change", "worse", "not_sure", "better"].map((answer, i) => ({
        priorityId: p.id,
        browserKey: `privacy-${p.id}-${i}`,
        answer: answer as "better",
        comment: "IMPROVEMENT-COMMENT-MARKER: ring me, improver@example.net",
      })),
    ),
  );
  // The officer appears as author and assignee in the seed.
  const [officer] = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, "police@example.org"));
  expect(officer).toBeDefined();
}

let paths: string[] = [];

beforeAll(async () => {
  await loadDemo(test.db);
  await addLeakyData();
  const slugs = ["herringthorpe", "boston-castle", "sitwell", "maltby"];
  const priorityRows = await test.db
    .select({
      id: priorities.id,
      slug: sql<string>`(select slug from neighbourhoods n where n.id = ${priorities.neighbourhoodId})`,
    })
    .from(priorities);
  const meetingRows = await test.db.select({ id: meetings.id }).from(meetings);
  // Moderated concerns (the seeded ones carry residents' details) looked up by their reference.
  const concernRows = await test.db
    .select({ reference: concerns.reference })
    .from(concerns)
    .where(isNotNull(concerns.moderatedAt))
    .limit(20);
  expect(concernRows.length).toBeGreaterThan(3);
  paths = [
    "/",
    "/?postcode=S65%202PW",
    "/api/v1/neighbourhoods",
    "/api/v1/neighbourhoods?per_page=100",
    ...slugs.flatMap((slug) => [
      `/neighbourhoods/${slug}`,
      `/neighbourhoods/${slug}/archive`,
      `/neighbourhoods/${slug}/feed.atom`,
      `/neighbourhoods/${slug}/meetings.ics`,
      `/neighbourhoods/${slug}/priorities.csv`,
      `/neighbourhoods/${slug}/concerns/new`,
      `/neighbourhoods/${slug}/concerns`,
      `/subscribe?neighbourhood=${slug}`,
      `/api/v1/neighbourhoods/${slug}`,
      `/api/v1/neighbourhoods/${slug}/priorities?status=all&per_page=50`,
      `/api/v1/neighbourhoods/${slug}/meetings?when=upcoming`,
      `/api/v1/neighbourhoods/${slug}/meetings?when=past`,
      `/api/police-uk/south-yorkshire/demo-${slug}/priorities`,
    ]),
    ...priorityRows.flatMap((p) => [
      `/neighbourhoods/${p.slug}/priorities/${p.id}`,
      `/api/v1/priorities/${p.id}`,
      `/subscribe?priority=${p.id}`,
    ]),
    ...meetingRows.flatMap((m) => [`/meetings/${m.id}`, `/api/v1/meetings/${m.id}`]),
    ...concernRows.map((c) => `/concerns/${c.reference}`),
  ];
});

describe("nothing private reaches the public", () => {
  it("every public page, feed, open-data response and CSV is free of private data", async () => {
    let checked = 0;
    for (const path of paths) {
      const response = await getPublic(path);
      if (path.startsWith("/?postcode")) {
        // A found postcode redirects; there is nothing else to check.
        expect(response.status).toBe(302);
        continue;
      }
      expect(response.status, path).toBe(200);
      for (const secret of SECRETS) {
        expect(response.body.includes(secret), `"${secret}" appears in ${path}`).toBe(false);
      }
      checked += 1;
    }
    expect(checked).toBeGreaterThan(80);
  });

  it("the public still sees the public work — the filter is not simply empty", async () => {
    const sitwell = await getPublic("/neighbourhoods/sitwell");
    expect(sitwell.body).toContain("Warning letters sent and contracts agreed with families.");
    const [maynard] = await test.db
      .select({ id: priorities.id })
      .from(priorities)
      .where(eq(priorities.title, "Youths causing damage at Maynard Road play area"));
    const page = await getPublic(`/neighbourhoods/sitwell/priorities/${maynard.id}`);
    for (const visible of [
      "Council anti-social behaviour team",
      "acceptable behaviour contracts",
      "Joint evening operation",
    ]) {
      expect(page.body).toContain(visible);
    }
  });

  it("e-mails to the public (confirmation and digest) carry none of it, nor the subscriber's own address", async () => {
    const now = new Date();
    await requestSubscription(
      { email: SUBSCRIBER, neighbourhood: "sitwell", address: "192.0.2.1", baseUrl: "http://localhost" },
      { now },
    );
    await test.db
      .update(subscriptions)
      .set({ confirmedAt: new Date(now.getTime() - 60 * 86_400_000) })
      .where(eq(subscriptions.email, SUBSCRIBER));
    const morning = new Date(now);
    morning.setUTCHours(10, 0, 0, 0);
    const digestAt = morning < now ? new Date(morning.getTime() + 86_400_000) : morning;
    const result = await sendDailyDigests({ baseUrl: "http://localhost", now: digestAt });
    expect(result.queued).toBe(1);
    const mail = await test.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.toAddress, SUBSCRIBER)));
    expect(mail.map((m) => m.template).sort()).toEqual(["subscription-confirmation", "subscription-digest"]);
    const digest = mail.find((m) => m.template === "subscription-digest");
    expect(digest?.text).toContain("Warning letters sent and contracts agreed with families.");
    for (const message of mail) {
      const everything = [message.subject, message.text, message.html, JSON.stringify(message.headers)].join(
        "\n",
      );
      for (const secret of SECRETS) {
        expect(everything.includes(secret), `"${secret}" appears in the ${message.template} e-mail`).toBe(
          false,
        );
      }
    }
  });
});

describe("nothing private reaches the resident's own e-mails", () => {
  it("the acknowledgement and the decision e-mail carry only public text", async () => {
    const [online] = await test.db
      .select({ id: concerns.id })
      .from(concerns)
      .where(eq(concerns.contactEmail, ONLINE_RESIDENT.email));
    await moderateConcern(await viewer(DEMO.chair, test.db), {
      concernId: online.id,
      publicWording: "Damage to the swings in the evenings.",
      location: "Maynard Road play area",
      decision: { status: "answered", answer: "Patrols will call at the play area in the evenings." },
    });
    const mail = await test.db
      .select()
      .from(outboxMessages)
      .where(eq(outboxMessages.toAddress, ONLINE_RESIDENT.email));
    expect(mail.map((m) => m.template).sort()).toEqual(["concern-acknowledgement", "concern-decision"]);
    for (const message of mail) {
      const everything = [message.subject, message.text, message.html].join("\n");
      for (const secret of SECRETS) {
        expect(everything.includes(secret), `"${secret}" appears in the ${message.template} e-mail`).toBe(
          false,
        );
      }
    }
  });
});
