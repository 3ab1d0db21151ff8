// Access beyond the permission matrix (issue 9 part 6). The matrix tries one
// record per route with a stale or incomplete form; here every record is
// tried, with forms that WOULD work if the check were missing:
//
// - a partner tries every other agency's task on every task route (GET and POST);
// - a chair tries every other assembly's meetings, priorities, concerns, tasks
//   and monthly reports;
// - data that would leak (a partners-only update, a safeguarding referral, a
//   declined task's reason, a resident's contact details) is seeded through the
//   domain, then every public surface the route manifest has is fetched and
//   searched for it;
// - a session cookie is worthless for a write after sign-out and after the
//   password was changed elsewhere.
// Refused means 403 or 404 and not one row changed anywhere.
import { randomBytes } from "node:crypto";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { addMeetingConcern } from "~/domain/concerns/concerns";
import { canRunAssembly } from "~/domain/core/access";
import { addCalendarDays, toIsoDate } from "~/domain/core/deadlines";
import { agreePriority } from "~/domain/priorities/priorities";
import { publishMonthlyReport } from "~/domain/reports/reports";
import { acceptTask, declineTask, postTaskUpdate } from "~/domain/tasks";
import { withdrawTask } from "~/domain/tasks/chair-tasks";
import * as t from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildCategory,
  buildMeeting,
  buildNeighbourhood,
  buildPriority,
  buildUser,
} from "../factories/build";
import { viewer } from "../factories/demo";
import { MAYNARD, offerTask, reloadTask } from "../factories/tasks";
import { useTestDatabase } from "../setup/database";
import { allRoutes, cookieFor, type Reply, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

const tag = randomBytes(4).toString("hex");
/** Strings that must never reach the public. */
const LEAKS = {
  partnersOnly: `LEAK-PARTNERS-ONLY-${tag}`,
  safeguarding: `LEAK-SAFEGUARDING-${tag}`,
  declineReason: `LEAK-DECLINE-REASON-${tag}`,
  residentName: `Leakname Resident${tag}`,
  residentEmail: `leak.resident.${tag}@example.net`,
  residentPhone: `07700 9${tag.slice(0, 5).replace(/\D/g, "1").padEnd(5, "1")}`,
};
/** Public text seeded alongside: it must show, so the search is not looking at empty pages. */
const VISIBLE = {
  update: `VISIBLE-PUBLIC-UPDATE-${tag}`,
  concern: `VISIBLE-CONCERN-WORDING-${tag}`,
  priority: `Access test priority ${tag}`,
};

const MONTH = toIsoDate(new Date()).slice(0, 7);
const REFUSED = [403, 404];

const seeded = {
  assemblyId: 0,
  assemblySlug: "rotherham-south",
  priorityId: 0,
  publicTaskId: 0,
  declinedTaskId: 0,
  concernId: 0,
  policeAgencyId: 0,
  ownTaskId: 0,
};

/** The people who sign in. */
const PEOPLE = {
  chair: "chair.rotherham-south@example.org",
  police: "pc.morgan@example.org",
  tradingStandards: "trading.standards@example.org",
  asbCoordinator: "asb.coordinator@example.org",
};
const POLICE_PASSWORD = "the police officer's password";
/** Maynard Road's tasks, whose partners-only work only the agencies still involved may read. */
const MAYNARD_TASKS = {
  asb: "Warning letters and acceptable behaviour contracts",
  tradingStandards: "Check shops for sales of alcohol and nitrous oxide",
};
const EARLIER_NOTE = "ABC signed by K.T. (16) at home with mum; brother also named by neighbours.";

/** What the world below made that the seeding and the tests need. */
const world = {
  herringthorpeId: 0,
  categoryId: 0,
  /** The neighbourhoods of the other two assemblies (three). */
  elsewhere: [] as number[],
  /** Maynard Road's tasks: the ASB team's, under way, and trading standards', offered. */
  asbTaskId: 0,
  tradingStandardsTaskId: 0,
};

/**
 * The borough: Rotherham South (Herringthorpe, on police.uk, with no priority
 * yet; Sitwell with the Maynard Road priority), its chair, a meeting held last
 * month and the next; two other assemblies (Wentworth Valley with Maltby and
 * Wath, Rother Valley South with Dinnington), each with a meeting held and one
 * to come; the police, trading standards, the ASB team (its coordinator), youth
 * offending, housing and Streetpride; a category and the bank holidays. On
 * Maynard Road the ASB team's work is under way, with a partners-only note
 * naming a young person, and trading standards have just been offered a task.
 */
async function buildWorld() {
  await buildBankHolidays(test.db);
  world.categoryId = (await buildCategory(test.db, { name: "Anti-social behaviour" })).id;
  const south = await buildAssembly(test.db, { slug: seeded.assemblySlug, name: "Rotherham South" });
  seeded.assemblyId = south.id;
  const herringthorpe = await buildNeighbourhood(test.db, {
    assemblyId: south.id,
    slug: "herringthorpe",
    name: "Herringthorpe",
    policeForceId: "south-yorkshire",
    policeNeighbourhoodId: "herringthorpe-team",
  });
  world.herringthorpeId = herringthorpe.id;
  const sitwell = await buildNeighbourhood(test.db, {
    assemblyId: south.id,
    slug: "sitwell",
    name: "Sitwell",
  });
  const wentworth = await buildAssembly(test.db, { slug: "wentworth-valley", name: "Wentworth Valley" });
  const rotherValley = await buildAssembly(test.db, {
    slug: "rother-valley-south",
    name: "Rother Valley South",
  });
  const maltby = await buildNeighbourhood(test.db, {
    assemblyId: wentworth.id,
    slug: "maltby",
    name: "Maltby",
  });
  const wath = await buildNeighbourhood(test.db, { assemblyId: wentworth.id, slug: "wath", name: "Wath" });
  const dinnington = await buildNeighbourhood(test.db, {
    assemblyId: rotherValley.id,
    slug: "dinnington",
    name: "Dinnington",
  });
  world.elsewhere = [maltby.id, wath.id, dinnington.id];
  for (const [assemblyId, covers] of [
    [south.id, [herringthorpe.id, sitwell.id]],
    [wentworth.id, [maltby.id, wath.id]],
    [rotherValley.id, [dinnington.id]],
  ] as const) {
    await buildMeeting(test.db, {
      assemblyId,
      neighbourhoods: [...covers],
      status: "held",
      startsInDays: -30,
      attendance: 20,
      publicSummary: "Partners reported back on each priority.",
      publishedAt: new Date(Date.now() - 28 * 86_400_000),
    });
    await buildMeeting(test.db, { assemblyId, neighbourhoods: [...covers], startsInDays: 14 });
  }
  const police = await buildAgency(test.db, {
    slug: "syp-neighbourhood-team",
    kind: "police",
    name: "South Yorkshire Police neighbourhood team",
  });
  const tradingStandards = await buildAgency(test.db, {
    slug: "trading-standards",
    kind: "trading_standards",
    name: "Trading standards",
  });
  const asb = await buildAgency(test.db, {
    slug: "council-asb-team",
    name: "Council anti-social behaviour team",
  });
  await buildAgency(test.db, {
    slug: "youth-offending-team",
    kind: "youth_offending",
    name: "Youth offending",
  });
  await buildAgency(test.db, { slug: "housing", kind: "housing", name: "Council housing" });
  await buildAgency(test.db, { slug: "streetpride", name: "Streetpride" });
  await buildUser(test.db, { email: PEOPLE.chair, chairs: [south.id] });
  await buildUser(test.db, { email: PEOPLE.police, agencies: [police.id], password: POLICE_PASSWORD });
  await buildUser(test.db, { email: PEOPLE.tradingStandards, agencies: [tradingStandards.id] });
  await buildUser(test.db, {
    email: PEOPLE.asbCoordinator,
    agencies: [{ agencyId: asb.id, role: "coordinator" }],
  });

  await buildPriority(test.db, { neighbourhood: sitwell.id, title: MAYNARD, categoryId: world.categoryId });
  const asbTask = await offerTask(test.db, "council-asb-team", {
    title: MAYNARD_TASKS.asb,
    status: "in_progress",
    acceptedAt: new Date(),
  });
  world.asbTaskId = asbTask.id;
  await postTaskUpdate(await viewer(PEOPLE.asbCoordinator, test.db), {
    taskId: asbTask.id,
    version: asbTask.version,
    body: EARLIER_NOTE,
    visibility: "partners_only",
    figures: [],
  });
  world.tradingStandardsTaskId = (
    await offerTask(test.db, "trading-standards", { title: MAYNARD_TASKS.tradingStandards })
  ).id;
}

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** A fingerprint of every table a request could change (not sessions or rate-limit counters). */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = rowsOf<{ name: string }>(
    await test.db.execute(sql`select table_name as name from information_schema.tables
      where table_schema = 'public' and table_type = 'BASE TABLE'
      and table_name not in ('sessions', 'login_attempts', 'rate_limit_events')
      and table_name not like '%drizzle%' order by table_name`),
  ).map((r) => r.name);
  const out: Record<string, string> = {};
  for (const name of tables) {
    const [row] = rowsOf<{ hash: string }>(
      await test.db.execute(
        sql.raw(
          `select md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as hash from "${name}" x`,
        ),
      ),
    );
    out[name] = row.hash;
  }
  return out;
}

async function seedLeaks() {
  const chair = await viewer(PEOPLE.chair, test.db);
  const police = await viewer(PEOPLE.police, test.db);
  const trading = await viewer(PEOPLE.tradingStandards, test.db);
  // Herringthorpe (no priority yet, and on police.uk) takes a new one.
  const place = { id: world.herringthorpeId };
  const category = { id: world.categoryId };
  // A meeting of the assembly, held last week, covering that neighbourhood.
  const endsAt = new Date(Date.now() - 7 * 86_400_000);
  const [meeting] = await test.db
    .insert(t.meetings)
    .values({
      assemblyId: seeded.assemblyId,
      title: `Access test meeting ${tag}`,
      startsAt: new Date(endsAt.getTime() - 3_600_000),
      endsAt,
      venue: "Access Hall",
    })
    .returning({ id: t.meetings.id });
  await test.db.insert(t.meetingNeighbourhoods).values({ meetingId: meeting.id, neighbourhoodId: place.id });
  // A resident's concern, with contact details, adopted into a new priority.
  const concern = await addMeetingConcern(chair, {
    meetingId: meeting.id,
    neighbourhoodId: place.id,
    categoryId: category.id,
    location: "Access Street",
    publicWording: VISIBLE.concern,
    contactName: LEAKS.residentName,
    contactEmail: LEAKS.residentEmail,
    contactPhone: LEAKS.residentPhone,
  });
  seeded.concernId = (concern as { id: number }).id;
  const priority = await agreePriority(chair, {
    meetingId: meeting.id,
    neighbourhoodId: place.id,
    concernIds: [seeded.concernId],
    title: VISIBLE.priority,
    youSaid: `${VISIBLE.concern} — residents want it sorted.`,
    categoryId: category.id,
  });
  seeded.priorityId = (priority as { id: number }).id;
  // The police take a public task: one public update, one partners-only, one safeguarding referral.
  const publicTask = await offerTask(test.db, "syp-neighbourhood-team", {
    priorityTitle: VISIBLE.priority,
    title: `Patrols for ${tag}`,
    confidentiality: "public",
  });
  seeded.publicTaskId = publicTask.id;
  seeded.policeAgencyId = publicTask.agencyId;
  let version = (await acceptTask(police, { taskId: publicTask.id, version: publicTask.version })).version;
  const post = async (body: string, visibility: "public" | "partners_only", safeguardingReferral = false) => {
    const result = await postTaskUpdate(police, {
      taskId: publicTask.id,
      version,
      body,
      visibility,
      figures: visibility === "public" ? [{ label: "patrols", value: 7, unit: "" }] : [],
      safeguardingReferral,
      publicTextConfirmed: visibility === "public",
    });
    version = result.task.version;
  };
  await post(`${VISIBLE.update}: evening patrols on Access Street.`, "public");
  await post(`${LEAKS.partnersOnly}: the lad at number 12 is known to us.`, "partners_only");
  await post(`${LEAKS.safeguarding}: referral made for a child at the address.`, "partners_only", true);
  // Trading standards decline theirs, with a reason for the chair only.
  const declined = await offerTask(test.db, "trading-standards", {
    priorityTitle: VISIBLE.priority,
    title: `Test purchases for ${tag}`,
    confidentiality: "public",
  });
  seeded.declinedTaskId = declined.id;
  await declineTask(trading, {
    taskId: declined.id,
    version: declined.version,
    reason: `${LEAKS.declineReason}: the shopkeeper is under investigation.`,
  });
  // The month's report is published with all of that in it.
  await publishMonthlyReport(chair, { assemblySlug: seeded.assemblySlug, month: MONTH });
  // The contact details, the referral and the reason really are in the database.
  const [stored] = await test.db.select().from(t.concerns).where(eq(t.concerns.id, seeded.concernId));
  expect(stored.contactEmail).toBe(LEAKS.residentEmail);
  const referral = await test.db
    .select()
    .from(t.taskUpdates)
    .where(and(eq(t.taskUpdates.taskId, publicTask.id), eq(t.taskUpdates.safeguardingReferral, true)));
  expect(referral).toHaveLength(1);
  expect((await reloadTask(test.db, declined.id)).declineReason).toContain(LEAKS.declineReason);
}

/** More work of other agencies and other assemblies, in every task status. */
async function seedOtherWork() {
  const today = toIsoDate(new Date());
  const titles: string[] = [];
  for (const [i, placeId] of world.elsewhere.entries()) {
    const title = `Elsewhere priority ${i} ${tag}`;
    await test.db.insert(t.priorities).values({
      neighbourhoodId: placeId,
      title,
      youSaid: "Parking on the pavement.",
      agreedOn: addCalendarDays(today, -20),
      reviewDate: addCalendarDays(today, 40),
    });
    titles.push(title);
  }
  const statuses = [
    { status: "offered" },
    { status: "accepted", acceptedAt: new Date() },
    { status: "in_progress", acceptedAt: new Date() },
    { status: "done", outcomeSummary: "Done it", completedAt: new Date(), residentsAsked: false },
    { status: "declined", declineReason: "Not ours" },
    { status: "withdrawn", withdrawnReason: "Not needed" },
  ] as const;
  const agencies = ["council-asb-team", "youth-offending-team", "housing", "streetpride"];
  // Police (the partner below) have a task on the access test priority, none on the others.
  let n = 0;
  for (const priorityTitle of [VISIBLE.priority, ...titles]) {
    for (const values of statuses) {
      const agency = agencies[n % agencies.length];
      n += 1;
      await offerTask(test.db, agency, {
        priorityTitle,
        title: `Other work ${n} ${tag}`,
        confidentiality: n % 3 ? "public" : "partners_only",
        ...values,
      });
    }
  }
}

beforeAll(async () => {
  await buildWorld();
  await seedLeaks();
  await seedOtherWork();
  const own = await offerTask(test.db, "syp-neighbourhood-team", {
    title: `Own task ${tag}`,
    status: "accepted",
  });
  seeded.ownTaskId = own.id;
}, 60_000);

const bodyText = (reply: Reply) => (typeof reply.data === "string" ? reply.data : JSON.stringify(reply.data));

describe("nothing private on any public surface", () => {
  /** Every GET route in the manifest, with its parameters filled from the leak's assembly. */
  async function publicPaths() {
    const places = await test.db
      .select({
        slug: t.neighbourhoods.slug,
        force: t.neighbourhoods.policeForceId,
        code: t.neighbourhoods.policeNeighbourhoodId,
      })
      .from(t.neighbourhoods)
      .where(eq(t.neighbourhoods.assemblyId, seeded.assemblyId));
    const priorityIds = (
      await test.db
        .select({ id: t.priorities.id })
        .from(t.priorities)
        .innerJoin(t.neighbourhoods, eq(t.neighbourhoods.id, t.priorities.neighbourhoodId))
        .where(eq(t.neighbourhoods.assemblyId, seeded.assemblyId))
    ).map((p) => String(p.id));
    const meetingIds = (
      await test.db
        .select({ id: t.meetings.id })
        .from(t.meetings)
        .where(eq(t.meetings.assemblyId, seeded.assemblyId))
    ).map((m) => String(m.id));
    expect(priorityIds).toContain(String(seeded.priorityId));
    const values: Record<string, string[]> = {
      slug: places.map((p) => p.slug),
      assemblySlug: [seeded.assemblySlug],
      month: [MONTH],
      token: ["A".repeat(43)],
      agencyId: [String(seeded.policeAgencyId)],
      assemblyId: [String(seeded.assemblyId)],
      "*": ["no-such-endpoint"],
    };
    const paths = new Set<string>();
    for (const route of await allRoutes()) {
      const pattern = `/${route.path ?? ""}`;
      const ids = pattern.includes("meetings/:id")
        ? meetingIds
        : pattern.includes("priorities/:id")
          ? priorityIds
          : pattern.includes("tasks/:id")
            ? [String(seeded.publicTaskId), String(seeded.declinedTaskId)]
            : [String(seeded.concernId), String(seeded.priorityId)];
      let expanded = [pattern];
      if (pattern.includes(":force/:neighbourhood")) {
        expanded = places
          .filter((p) => p.force && p.code)
          .map((p) =>
            pattern.replace(":force", p.force as string).replace(":neighbourhood", p.code as string),
          );
      }
      for (const [name, options] of Object.entries({ ...values, id: ids })) {
        const token = name === "*" ? "*" : `:${name}`;
        expanded = expanded.flatMap((p) =>
          p.includes(token) ? options.map((o) => p.replace(token, o)) : [p],
        );
      }
      for (const path of expanded) paths.add(path);
    }
    // The same surfaces with the query strings that show more.
    for (const place of places) {
      paths.add(`/api/v1/neighbourhoods/${place.slug}/priorities?status=all&per_page=100`);
      paths.add(`/api/v1/neighbourhoods/${place.slug}/meetings?when=past`);
      paths.add(`/subscribe?neighbourhood=${place.slug}`);
    }
    paths.add(`/how-were-doing.csv?assembly=${seeded.assemblySlug}`);
    paths.add(`/how-were-doing?month=${MONTH}`);
    paths.add(`/subscribe?priority=${seeded.priorityId}`);
    paths.add(`/?postcode=S60%202BX`);
    return [...paths];
  }

  it("pages, feeds, CSV, /api/v1, the police.uk API, the public pack, the monthly report and How we're doing", async () => {
    const paths = await publicPaths();
    const answered = new Map<string, string[]>();
    const shown = new Set<string>();
    for (const path of paths) {
      const reply = await send("GET", path);
      const text = bodyText(reply);
      for (const [what, secret] of Object.entries(LEAKS)) {
        expect(text.includes(secret), `${what} (${secret}) appears in ${path} (${reply.status})`).toBe(false);
      }
      if (reply.status === 200) {
        answered.set(reply.routeId, [...(answered.get(reply.routeId) ?? []), path]);
        for (const visible of Object.values(VISIBLE))
          if (text.includes(visible)) shown.add(`${visible}@${reply.routeId}`);
      }
    }
    // Every kind of public surface was really fetched, and answered.
    for (const routeId of [
      "routes/_index",
      "routes/neighbourhoods.$slug._index",
      "routes/neighbourhoods.$slug.priorities.$id._index",
      "routes/neighbourhoods.$slug.archive",
      "routes/neighbourhoods.$slug.feed[.]atom",
      "routes/neighbourhoods.$slug.meetings[.]ics",
      "routes/neighbourhoods.$slug.priorities[.]csv",
      "routes/meetings.$id._index",
      "routes/meetings.$id.pack",
      "routes/api.v1.neighbourhoods._index",
      "routes/api.v1.neighbourhoods.$slug._index",
      "routes/api.v1.neighbourhoods.$slug.priorities",
      "routes/api.v1.neighbourhoods.$slug.meetings",
      "routes/api.v1.priorities.$id",
      "routes/api.v1.meetings.$id",
      "routes/api.police-uk.$force.$neighbourhood.priorities",
      "routes/reports.$assemblySlug._index",
      "routes/reports.$assemblySlug.$month._index",
      "routes/how-were-doing._index",
      "routes/how-were-doing.$assemblySlug",
      "routes/how-were-doing[.]csv",
    ]) {
      expect(answered.has(routeId), `${routeId} answered no public request`).toBe(true);
    }
    // The public side of the same work is there: the search looked at real content.
    for (const routeId of [
      "routes/neighbourhoods.$slug.priorities.$id._index",
      "routes/neighbourhoods.$slug.feed[.]atom",
      "routes/api.v1.priorities.$id",
      "routes/reports.$assemblySlug.$month._index",
    ]) {
      expect(shown.has(`${VISIBLE.update}@${routeId}`), `the public update is missing from ${routeId}`).toBe(
        true,
      );
    }
    expect(shown.has(`${VISIBLE.priority}@routes/api.police-uk.$force.$neighbourhood.priorities`)).toBe(true);
    expect(shown.has(`${VISIBLE.concern}@routes/neighbourhoods.$slug.priorities.$id._index`)).toBe(true);
  });

  it("signed in, a public surface shows staff no more, and is never marked for shared caches", async () => {
    // The surfaces the public gets (200 without a cookie).
    const paths: string[] = [];
    for (const path of await publicPaths()) if ((await send("GET", path)).status === 200) paths.push(path);
    let kept = 0;
    for (const email of [PEOPLE.chair, PEOPLE.police]) {
      const cookie = await cookieFor(email);
      for (const path of paths) {
        const reply = await send("GET", path, { cookie });
        if (reply.status !== 200) continue;
        const control = reply.headers.get("Cache-Control") ?? "";
        // A cookie may make a page personal: only the browser may keep it.
        expect(control, `${path} for ${email}`).not.toMatch(/\bpublic\b/);
        if (/\bprivate\b/.test(control)) kept += 1;
        const text = bodyText(reply);
        for (const [what, secret] of Object.entries(LEAKS)) {
          expect(text.includes(secret), `${what} in public ${path} for ${email}`).toBe(false);
        }
      }
    }
    expect(kept).toBeGreaterThan(20);
  });

  it("the partners see what the public does not (the markers are real)", async () => {
    const police = await cookieFor(PEOPLE.police);
    const page = bodyText(await send("GET", `/tasks/${seeded.publicTaskId}`, { cookie: police }));
    expect(page).toContain(LEAKS.partnersOnly);
    expect(page).toContain(LEAKS.safeguarding);
    const chair = await cookieFor(PEOPLE.chair);
    const draft = bodyText(
      // The chair's draft, with partners-only notes ticked in (left out of the printout by default).
      await send("GET", `/reports/${seeded.assemblySlug}/${MONTH}/draft?notes=include`, { cookie: chair }),
    );
    expect(draft).toContain(LEAKS.partnersOnly);
  });
});

/** A form for each task route that would succeed for someone allowed to use it. */
function taskForms(
  task: typeof t.tasks.$inferSelect,
  assigneeUserId: number,
): Array<{ path: string; form: Record<string, string> }> {
  const version = String(task.version);
  return [
    { path: `/tasks/${task.id}/accept`, form: { version } },
    { path: `/tasks/${task.id}/decline`, form: { version, reason: "Not for us" } },
    {
      path: `/tasks/${task.id}/update`,
      form: { version, body: "Checked the site", visibility: "partners_only", markInProgress: "on" },
    },
    { path: `/tasks/${task.id}/action-plan`, form: { version, actionPlan: "Visit weekly" } },
    {
      path: `/tasks/${task.id}/complete`,
      form: { version, intent: "publish", outcomeSummary: "All fixed", residentsAsked: "no" },
    },
    { path: `/tasks/${task.id}/reassign`, form: { version, assigneeUserId: String(assigneeUserId) } },
    { path: `/tasks/${task.id}/reopen`, form: { version, reason: "Came back" } },
    { path: `/chair/tasks/${task.id}`, form: { version, intent: "withdraw", reason: "Not needed" } },
  ];
}

describe("a partner and other agencies' tasks", () => {
  it("every task route, GET and POST, on every task of another agency: refused, nothing changes", async () => {
    const police = await viewer(PEOPLE.police, test.db);
    const cookie = await cookieFor(PEOPLE.police);
    const others = await test.db.select().from(t.tasks).where(ne(t.tasks.agencyId, seeded.policeAgencyId));
    // The other work (six tasks, one per status, on each of four priorities), trading standards' declined
    // task on the access test priority, and Maynard Road's ASB and trading standards tasks.
    expect(others).toHaveLength(4 * 6 + 1 + 2);
    expect(new Set(others.map((o) => o.status)).size).toBeGreaterThan(3);
    // Priorities the police have a task on: there they may READ the other tasks (DESIGN.md §6), nothing more.
    const shared = new Set(
      (
        await test.db
          .select({ priorityId: t.tasks.priorityId })
          .from(t.tasks)
          .where(eq(t.tasks.agencyId, seeded.policeAgencyId))
      ).map((r) => r.priorityId),
    );
    const before = await fingerprint();
    let tried = 0;
    for (const task of others) {
      const page = await send("GET", `/tasks/${task.id}`, { cookie });
      if (shared.has(task.priorityId)) expect(page.status, `GET /tasks/${task.id}`).toBe(200);
      else expect(page.status, `GET /tasks/${task.id}`).toBe(403);
      for (const { path, form } of taskForms(task, police.userId)) {
        const get = await send("GET", path, { cookie });
        expect(REFUSED, `GET ${path} (${task.status})`).toContain(get.status);
        const post = await send("POST", path, { cookie, form });
        expect(REFUSED, `POST ${path} (${task.status})`).toContain(post.status);
        tried += 2;
      }
    }
    // A task id that does not exist, and one that is not a number.
    for (const id of [2_000_000_000, "abc"]) {
      expect(
        (
          await send("POST", `/tasks/${id}/update`, {
            cookie,
            form: { version: "1", body: "x", visibility: "partners_only" },
          })
        ).status,
      ).toBe(404);
    }
    expect(await fingerprint()).toEqual(before);
    expect(tried).toBeGreaterThan(others.length * 10);
    // The same forms do work on the police's own task: the refusals above were about whose task it is.
    const own = await reloadTask(test.db, seeded.ownTaskId);
    const update = taskForms(own, police.userId).find((f) => f.path.endsWith("/update"));
    const ok = await send("POST", update?.path as string, {
      cookie,
      form: update?.form,
    });
    expect(ok.status).toBe(302);
    expect((await reloadTask(test.db, own.id)).version).toBe(own.version + 1);
  });
});

describe("a chair and other assemblies", () => {
  it("meetings, priorities, concerns, tasks and monthly reports of another assembly: refused, nothing changes", async () => {
    const cookie = await cookieFor(PEOPLE.chair);
    const otherAssemblies = await test.db
      .select({ id: t.assemblies.id, slug: t.assemblies.slug })
      .from(t.assemblies)
      .where(ne(t.assemblies.id, seeded.assemblyId));
    const otherIds = otherAssemblies.map((a) => a.id);
    const places = await test.db
      .select({ id: t.neighbourhoods.id, assemblyId: t.neighbourhoods.assemblyId })
      .from(t.neighbourhoods)
      .where(inArray(t.neighbourhoods.assemblyId, otherIds));
    const placeOf = (assemblyId: number) => String(places.find((p) => p.assemblyId === assemblyId)?.id ?? 1);
    const category = { id: world.categoryId };
    const meetingsElsewhere = await test.db
      .select()
      .from(t.meetings)
      .where(inArray(t.meetings.assemblyId, otherIds));
    const prioritiesElsewhere = await test.db
      .select({ priority: t.priorities, assemblyId: t.neighbourhoods.assemblyId })
      .from(t.priorities)
      .innerJoin(t.neighbourhoods, eq(t.neighbourhoods.id, t.priorities.neighbourhoodId))
      .where(inArray(t.neighbourhoods.assemblyId, otherIds));
    // A resident's concern raised online in another assembly's neighbourhood.
    const [concern] = await test.db
      .insert(t.concerns)
      .values({
        neighbourhoodId: places[0].id,
        source: "online",
        publicWording: "Bins left out on the high street",
        originalWording: "Bins left out on the high street",
        location: "High Street",
        contactEmail: `other.${tag}@example.net`,
      })
      .returning();
    const concernsElsewhere = await test.db
      .select({ id: t.concerns.id })
      .from(t.concerns)
      .innerJoin(t.neighbourhoods, eq(t.neighbourhoods.id, t.concerns.neighbourhoodId))
      .where(inArray(t.neighbourhoods.assemblyId, otherIds));
    const tasksElsewhere = await test.db
      .select({ task: t.tasks })
      .from(t.tasks)
      .innerJoin(t.priorities, eq(t.priorities.id, t.tasks.priorityId))
      .innerJoin(t.neighbourhoods, eq(t.neighbourhoods.id, t.priorities.neighbourhoodId))
      .where(inArray(t.neighbourhoods.assemblyId, otherIds));
    // Two meetings in each of the other two assemblies; a priority in each of their three
    // neighbourhoods, with a task in each status (six) on each.
    expect(meetingsElsewhere).toHaveLength(4);
    expect(prioritiesElsewhere).toHaveLength(3);
    expect(tasksElsewhere).toHaveLength(3 * 6);

    const future = addCalendarDays(toIsoDate(new Date()), 30);
    const attempts: Array<{ path: string; form?: Record<string, string | string[]> }> = [];
    for (const assembly of otherAssemblies) {
      const meetingForm = {
        kind: "pact",
        day: future,
        startTime: "18:00",
        endTime: "19:30",
        venue: "Somewhere Hall",
        neighbourhoodIds: [placeOf(assembly.id)],
      };
      attempts.push(
        { path: `/chair/${assembly.id}` },
        { path: `/chair/${assembly.id}/concerns` },
        { path: `/chair/${assembly.id}/meetings/new`, form: meetingForm },
        { path: `/reports/${assembly.slug}/${MONTH}/draft`, form: { intent: "publish" } },
      );
    }
    for (const meeting of meetingsElsewhere) {
      const place = placeOf(meeting.assemblyId);
      attempts.push(
        { path: `/chair/meetings/${meeting.id}`, form: { intent: "publish" } },
        {
          path: `/chair/meetings/${meeting.id}/edit`,
          form: {
            kind: "pact",
            day: future,
            startTime: "18:00",
            endTime: "19:30",
            venue: "Moved Hall",
            neighbourhoodIds: [place],
          },
        },
        {
          path: `/chair/meetings/${meeting.id}/record`,
          form: { intent: "record", attendance: "12", publicSummary: "We met and agreed things." },
        },
        {
          path: `/chair/meetings/${meeting.id}/concerns`,
          form: {
            neighbourhoodId: place,
            categoryId: String(category.id),
            location: "Main Street",
            publicWording: "Speeding cars",
          },
        },
        {
          path: `/chair/meetings/${meeting.id}/priorities/new`,
          form: {
            neighbourhoodId: String(concern.neighbourhoodId),
            concernIds: [String(concern.id)],
            title: "Taken over",
            youSaid: "Bins",
          },
        },
        { path: `/chair/meetings/${meeting.id}/pack` },
      );
    }
    for (const { priority } of prioritiesElsewhere) {
      attempts.push(
        { path: `/chair/priorities/${priority.id}` },
        {
          path: `/chair/priorities/${priority.id}/review`,
          form: {
            version: String(priority.version),
            outcome: "closed",
            reason: "Closed by another assembly",
          },
        },
        {
          path: `/chair/priorities/${priority.id}/tasks/new`,
          form: {
            agencyId: String(seeded.policeAgencyId),
            title: "Extra patrols",
            ask: "Patrol more",
            dueInWorkingDays: "10",
          },
        },
      );
    }
    for (const { id } of concernsElsewhere) {
      attempts.push({
        path: `/chair/concerns/${id}`,
        form: { publicWording: "Reworded", decision: "answered", answer: "Dealt with" },
      });
    }
    for (const { task } of tasksElsewhere) {
      attempts.push({
        path: `/chair/tasks/${task.id}`,
        form: { intent: "withdraw", version: String(task.version), reason: "Not needed" },
      });
    }

    const before = await fingerprint();
    for (const { path, form } of attempts) {
      const get = await send("GET", path, { cookie });
      expect(REFUSED, `GET ${path}`).toContain(get.status);
      if (form) {
        const post = await send("POST", path, { cookie, form });
        expect(REFUSED, `POST ${path}`).toContain(post.status);
      }
      // Nothing of the other assembly's private side comes back in a refusal.
      expect(bodyText(get)).not.toContain(`other.${tag}@example.net`);
    }
    expect(await fingerprint()).toEqual(before);
    expect(attempts.length).toBeGreaterThan(50);

    // The chair's own assembly still opens: the refusals were about whose records they are.
    const ownMeeting = await test.db
      .select({ id: t.meetings.id })
      .from(t.meetings)
      .where(eq(t.meetings.assemblyId, seeded.assemblyId))
      .limit(1);
    expect((await send("GET", `/chair/meetings/${ownMeeting[0].id}`, { cookie })).status).toBe(200);
    expect((await send("GET", `/chair/concerns/${seeded.concernId}`, { cookie })).status).toBe(200);
    expect((await send("GET", `/reports/${seeded.assemblySlug}/${MONTH}/draft`, { cookie })).status).toBe(
      200,
    );
  });
});

describe("an old session cookie cannot write", () => {
  const updateForm = async () => {
    const task = await reloadTask(test.db, seeded.ownTaskId);
    return { version: String(task.version), body: `Late note ${tag}`, visibility: "partners_only" };
  };

  async function updatesWith(text: string) {
    return test.db
      .select({ id: t.taskUpdates.id })
      .from(t.taskUpdates)
      .where(and(eq(t.taskUpdates.taskId, seeded.ownTaskId), eq(t.taskUpdates.body, text)));
  }

  it("after sign-out: the same cookie posting a task update is sent to sign in, and nothing is written", async () => {
    const cookie = await cookieFor(PEOPLE.police);
    expect((await send("POST", "/logout", { cookie })).status).toBe(302);
    const reply = await send("POST", `/tasks/${seeded.ownTaskId}/update`, {
      cookie,
      form: await updateForm(),
    });
    expect(reply.status).toBe(302);
    expect(reply.location).toMatch(/^\/login/);
    expect(await updatesWith(`Late note ${tag}`)).toEqual([]);
  });

  it("after the password is changed in another session: the old cookie cannot post either", async () => {
    const old = await cookieFor(PEOPLE.police);
    const here = await cookieFor(PEOPLE.police);
    const changed = await send("POST", "/account", {
      cookie: here,
      form: {
        intent: "password",
        current: POLICE_PASSWORD,
        next: "a new police password",
        confirm: "a new police password",
      },
    });
    expect(changed.status).toBe(200);
    const reply = await send("POST", `/tasks/${seeded.ownTaskId}/update`, {
      cookie: old,
      form: await updateForm(),
    });
    expect(reply.location).toMatch(/^\/login/);
    expect(await updatesWith(`Late note ${tag}`)).toEqual([]);
    // The session that changed it still works, so the refusal was the old session's.
    const ok = await send("POST", `/tasks/${seeded.ownTaskId}/update`, {
      cookie: here,
      form: await updateForm(),
    });
    expect(ok.status).toBe(302);
    expect(await updatesWith(`Late note ${tag}`)).toHaveLength(1);
  });
});

describe("read access follows current involvement only", () => {
  it("after its task on a priority is declined, an agency reads only its own task there: not the others' partners-only tasks or updates, old or new", async () => {
    const tsCookie = await cookieFor(PEOPLE.tradingStandards);
    const ts = await reloadTask(test.db, world.tradingStandardsTaskId);
    const asb = await reloadTask(test.db, world.asbTaskId);
    const earlierNote = EARLIER_NOTE;
    // While offered, Trading Standards is involved and reads the ASB team's partners-only work.
    const before = await send("GET", `/tasks/${asb.id}`, { cookie: tsCookie });
    expect(before.status).toBe(200);
    expect(bodyText(before)).toContain(earlierNote);

    await declineTask(await viewer(PEOPLE.tradingStandards, test.db), {
      taskId: ts.id,
      version: ts.version,
      reason: "Not one for us: no licensed premises there.",
    });
    const laterNote = `Second contract signed by the brother ${tag}`;
    await postTaskUpdate(await viewer(PEOPLE.asbCoordinator, test.db), {
      taskId: asb.id,
      version: (await reloadTask(test.db, asb.id)).version,
      body: laterNote,
      visibility: "partners_only",
      figures: [],
    });

    expect(REFUSED).toContain((await send("GET", `/tasks/${asb.id}`, { cookie: tsCookie })).status);
    const own = await send("GET", `/tasks/${ts.id}`, { cookie: tsCookie });
    expect(own.status).toBe(200);
    const ownPage = bodyText(own);
    expect(ownPage).toContain("Not one for us");
    for (const hidden of [earlierNote, laterNote, MAYNARD_TASKS.asb]) {
      expect(ownPage).not.toContain(hidden);
    }
    // The agencies still involved read on as before.
    const police = bodyText(
      await send("GET", `/tasks/${asb.id}`, { cookie: await cookieFor(PEOPLE.police) }),
    );
    expect(police).toContain(laterNote);
  });
});

describe("the domain's own assembly check, without the route guard", () => {
  it("a chair calling the domain directly cannot withdraw a task in another assembly", async () => {
    const chair = await viewer(PEOPLE.chair, test.db);
    const [elsewhere] = await test.db
      .select({ task: t.tasks, assemblyId: t.neighbourhoods.assemblyId })
      .from(t.tasks)
      .innerJoin(t.priorities, eq(t.priorities.id, t.tasks.priorityId))
      .innerJoin(t.neighbourhoods, eq(t.neighbourhoods.id, t.priorities.neighbourhoodId))
      .where(
        and(
          ne(t.neighbourhoods.assemblyId, seeded.assemblyId),
          inArray(t.tasks.status, ["offered", "accepted"]),
        ),
      )
      .limit(1);
    expect(canRunAssembly(chair, seeded.assemblyId)).toBe(true);
    expect(canRunAssembly(chair, elsewhere.assemblyId)).toBe(false);
    await expect(
      withdrawTask(chair, {
        taskId: elsewhere.task.id,
        version: elsewhere.task.version,
        reason: "Not needed",
      }),
    ).rejects.toMatchObject({ kind: "forbidden" });
    expect((await reloadTask(test.db, elsewhere.task.id)).status).toBe(elsewhere.task.status);
  });
});
