// Administration through the real routes: changes are saved with an audit
// event holding before and after; bad input changes nothing; the audit log
// filters by person, record and date, and cannot be altered.
import { and, count, desc, eq, max } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { toIsoDate } from "~/domain/core/deadlines";
import {
  agencies,
  assemblies,
  auditEvents,
  bankHolidays,
  categories,
  neighbourhoods,
  users,
} from "~db/schema";
import { buildAgency, buildAssembly, buildCategory, buildNeighbourhood, buildUser } from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();
let admin: string;

// The people administration sees, by their e-mail addresses.
const PEOPLE = {
  admin: "admin@example.org",
  chair: "chair@example.org",
  police: "police@example.org",
  asbCoordinator: "asb@example.org",
  tradingStandards: "tradingstandards@example.org",
};

// Two assemblies (Rotherham South with two neighbourhoods, Wentworth Valley with
// one), three agencies, a category, and five people: an administrator, the chair
// of Rotherham South, a police officer, the coordinator of the council's
// anti-social behaviour team, and a trading standards officer.
beforeAll(async () => {
  const south = await buildAssembly(test.db, { slug: "rotherham-south", name: "Rotherham South" });
  const valley = await buildAssembly(test.db, { slug: "wentworth-valley", name: "Wentworth Valley" });
  await buildNeighbourhood(test.db, { assemblyId: south.id, name: "Herringthorpe" });
  await buildNeighbourhood(test.db, { assemblyId: south.id, name: "Sitwell" });
  await buildNeighbourhood(test.db, { assemblyId: valley.id, name: "Maltby" });
  const police = await buildAgency(test.db, {
    kind: "police",
    name: "South Yorkshire Police neighbourhood team",
  });
  const asb = await buildAgency(test.db, { kind: "council", name: "Council anti-social behaviour team" });
  const tradingStandards = await buildAgency(test.db, {
    slug: "trading-standards",
    kind: "trading_standards",
    name: "Trading standards",
    publicContact: "Call 01709 000000",
  });
  await buildCategory(test.db, { slug: "anti-social-behaviour", name: "Anti-social behaviour" });
  await buildUser(test.db, { email: PEOPLE.admin, name: "Admin", isAdmin: true });
  await buildUser(test.db, { email: PEOPLE.chair, name: "Chair", chairs: [south.id] });
  await buildUser(test.db, { email: PEOPLE.police, name: "Officer", agencies: [police.id] });
  await buildUser(test.db, {
    email: PEOPLE.asbCoordinator,
    name: "ASB coordinator",
    agencies: [{ agencyId: asb.id, role: "coordinator" }],
  });
  await buildUser(test.db, {
    email: PEOPLE.tradingStandards,
    name: "Trading standards officer",
    agencies: [tradingStandards.id],
  });
  admin = await cookieFor(PEOPLE.admin);
});

const latestAudit = async (action: string) =>
  (
    await test.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, action))
      .orderBy(desc(auditEvents.id))
      .limit(1)
  )[0];

describe("administration", () => {
  it("creates and edits an assembly, auditing before and after", async () => {
    const created = await send("POST", "/admin/assemblies/new", {
      cookie: admin,
      form: { name: "Testbury", slug: "testbury", description: "" },
    });
    expect(created.status).toBe(302);
    const [row] = await test.db.select().from(assemblies).where(eq(assemblies.slug, "testbury"));
    expect(created.location).toBe(`/admin/assemblies/${row.id}?saved=1`);
    const edited = await send("POST", `/admin/assemblies/${row.id}`, {
      cookie: admin,
      form: { name: "Testbury Area Assembly", slug: "testbury", description: "Meets monthly" },
    });
    expect(edited.status).toBe(302);
    const event = await latestAudit("assembly.updated");
    expect(event.entityId).toBe(String(row.id));
    expect(event.before).toMatchObject({ name: "Testbury", description: "" });
    expect(event.after).toMatchObject({ name: "Testbury Area Assembly", description: "Meets monthly" });
  });

  it("answers bad input per field and saves nothing", async () => {
    const before = await test.db.$count(neighbourhoods);
    const auditsBefore = await test.db.$count(auditEvents);
    const reply = await send("POST", "/admin/neighbourhoods/new", {
      cookie: admin,
      form: {
        assemblyId: "999999",
        name: "",
        slug: "Not A Slug!",
        postcodeDistricts: "S60, not-a-district",
        maxActivePriorities: "50",
        policeForceId: "south-yorkshire",
        policeNeighbourhoodId: "",
      },
    });
    expect(reply.status).toBe(400);
    const fields = Object.keys((reply.data as { fieldErrors: Record<string, unknown> }).fieldErrors);
    expect(fields).toEqual(
      expect.arrayContaining(["name", "slug", "postcodeDistricts", "maxActivePriorities"]),
    );
    expect(await test.db.$count(neighbourhoods)).toBe(before);
    expect(await test.db.$count(auditEvents)).toBe(auditsBefore);
  });

  it("says plainly when a web address name is taken, and keeps what was typed", async () => {
    const reply = await send("POST", "/admin/categories/new", {
      cookie: admin,
      form: { name: "Another ASB", slug: "anti-social-behaviour" },
    });
    expect(reply.status).toBe(400);
    expect(reply.data).toMatchObject({ fieldErrors: { slug: [expect.stringMatching(/already used/)] } });
    expect(await test.db.$count(categories, eq(categories.name, "Another ASB"))).toBe(0);
  });

  it("creates a neighbourhood with wards, postcode districts and police.uk ids, and edits an agency", async () => {
    const [assembly] = await test.db.select().from(assemblies).limit(1);
    const reply = await send("POST", "/admin/neighbourhoods/new", {
      cookie: admin,
      form: {
        assemblyId: String(assembly.id),
        name: "Testwick",
        slug: "testwick",
        wards: "Rother Vale, Dinnington",
        postcodeDistricts: "s66, S25",
        policeForceId: "south-yorkshire",
        policeNeighbourhoodId: "testwick-test",
        maxActivePriorities: "4",
      },
    });
    expect(reply.status).toBe(302);
    const [row] = await test.db.select().from(neighbourhoods).where(eq(neighbourhoods.slug, "testwick"));
    expect(row).toMatchObject({
      wards: ["Rother Vale", "Dinnington"],
      postcodeDistricts: ["S66", "S25"],
      maxActivePriorities: 4,
      policeNeighbourhoodId: "testwick-test",
    });
    const [agency] = await test.db.select().from(agencies).where(eq(agencies.slug, "trading-standards"));
    const edit = await send("POST", `/admin/agencies/${agency.id}`, {
      cookie: admin,
      form: {
        name: agency.name,
        slug: agency.slug,
        kind: agency.kind,
        inboxEmail: "ts.inbox@example.org",
        publicContact: agency.publicContact,
        defaultConfidentiality: "partners_only",
        acknowledgeWithinWorkingDays: "3",
      },
    });
    expect(edit.status).toBe(302);
    const event = await latestAudit("agency.updated");
    expect(event.before).toMatchObject({
      inboxEmail: agency.inboxEmail,
      acknowledgeWithinWorkingDays: agency.acknowledgeWithinWorkingDays,
    });
    expect(event.after).toMatchObject({
      inboxEmail: "ts.inbox@example.org",
      acknowledgeWithinWorkingDays: 3,
    });
  });

  it("edits the bank holidays that working-day deadlines use", async () => {
    const added = await send("POST", "/admin/bank-holidays", {
      cookie: admin,
      form: { day: "2027-06-07", name: "Extra holiday" },
    });
    expect(added.status).toBe(302);
    expect(await test.db.$count(bankHolidays, eq(bankHolidays.day, "2027-06-07"))).toBe(1);
    const twice = await send("POST", "/admin/bank-holidays", {
      cookie: admin,
      form: { day: "2027-06-07", name: "Again" },
    });
    expect(twice.status).toBe(400);
    await send("POST", "/admin/bank-holidays", {
      cookie: admin,
      form: { intent: "remove", day: "2027-06-07" },
    });
    expect(await test.db.$count(bankHolidays, eq(bankHolidays.day, "2027-06-07"))).toBe(0);
  });

  it("gives and takes roles, and deactivation ends sessions but keeps history", async () => {
    const [police] = await test.db.select().from(users).where(eq(users.email, PEOPLE.police));
    const [assembly] = await test.db.select().from(assemblies).where(eq(assemblies.slug, "wentworth-valley"));
    const theirs = await cookieFor(PEOPLE.police);
    await send("POST", `/admin/users/${police.id}`, {
      cookie: admin,
      form: { intent: "add-chair", assemblyId: String(assembly.id) },
    });
    const chaired = await latestAudit("chair.added");
    expect(chaired).toMatchObject({ entityId: String(police.id), assemblyId: assembly.id });
    await send("POST", `/admin/users/${police.id}`, {
      cookie: admin,
      form: { intent: "remove-chair", assemblyId: String(assembly.id) },
    });
    const auditCount = await test.db.$count(auditEvents, eq(auditEvents.actorUserId, police.id));
    expect(
      (await send("POST", `/admin/users/${police.id}`, { cookie: admin, form: { intent: "deactivate" } }))
        .status,
    ).toBe(302);
    expect((await send("GET", "/account", { cookie: theirs })).location).toMatch(/^\/login/);
    expect(await test.db.$count(auditEvents, eq(auditEvents.actorUserId, police.id))).toBe(auditCount);
    const [after] = await test.db.select().from(users).where(eq(users.id, police.id));
    expect(after.active).toBe(false);
    await send("POST", `/admin/users/${police.id}`, { cookie: admin, form: { intent: "reactivate" } });
  });

  it("will not let an admin lock themselves out", async () => {
    const [me] = await test.db.select().from(users).where(eq(users.email, PEOPLE.admin));
    const reply = await send("POST", `/admin/users/${me.id}`, {
      cookie: admin,
      form: { intent: "deactivate" },
    });
    expect(reply.status).toBe(400);
    const demote = await send("POST", `/admin/users/${me.id}`, {
      cookie: admin,
      form: { intent: "details", name: me.name },
    });
    expect(demote.status).toBe(400);
    const [still] = await test.db.select().from(users).where(eq(users.id, me.id));
    expect(still).toMatchObject({ active: true, isAdmin: true });
  });
});

describe("the audit log", () => {
  it("filters by person, kind of record, record and date", async () => {
    const [me] = await test.db.select().from(users).where(eq(users.email, PEOPLE.admin));
    const byMe = await send("GET", `/admin/audit?user=${me.id}&entityType=assembly`, { cookie: admin });
    const events = (byMe.data as { events: Array<{ actorUserId: number; entityType: string }> }).events;
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.actorUserId === me.id && e.entityType === "assembly")).toBe(true);
    // The day after the latest event: on the PostgreSQL server events are dated by its own
    // (real) clock, not the pinned one, so "tomorrow" is counted from the log itself.
    const [{ latest }] = await test.db.select({ latest: max(auditEvents.createdAt) }).from(auditEvents);
    const tomorrow = toIsoDate(new Date((latest ?? new Date()).getTime() + 86_400_000));
    const future = await send("GET", `/admin/audit?from=${tomorrow}`, { cookie: admin });
    expect((future.data as { events: unknown[] }).events).toEqual([]);
    const junk = await send("GET", "/admin/audit?user=abc&from=yesterday&entityType=<script>", {
      cookie: admin,
    });
    expect(junk.status).toBe(200);
  });

  it("refuses to change or delete an audit event, even directly in the database", async () => {
    const [event] = await test.db.select().from(auditEvents).limit(1);
    await expect(
      test.db.update(auditEvents).set({ action: "tampered" }).where(eq(auditEvents.id, event.id)),
    ).rejects.toThrow();
    await expect(test.db.delete(auditEvents).where(and(eq(auditEvents.id, event.id)))).rejects.toThrow();
  });
});

describe("administration lists", () => {
  it("shows each person's own roles in the people list", async () => {
    const reply = await send("GET", "/admin/users", { cookie: admin });
    const { users: people } = reply.data as {
      users: { email: string; isAdmin: boolean; chairs: string; agencies: string }[];
    };
    const row = (email: string) => people.find((p) => p.email === email);
    expect(row(PEOPLE.admin)).toMatchObject({ isAdmin: true, chairs: "", agencies: "" });
    expect(row(PEOPLE.chair)).toMatchObject({ isAdmin: false, agencies: "" });
    expect(row(PEOPLE.chair)?.chairs).toMatch(/^Rotherham South/);
    expect(row(PEOPLE.police)?.agencies).toMatch(/police/i);
    expect(row(PEOPLE.police)?.agencies).not.toMatch(/trading standards/i);
    expect(row(PEOPLE.asbCoordinator)?.agencies).toMatch(/anti-social behaviour.*\(coordinator\)/i);
    expect(row(PEOPLE.tradingStandards)?.agencies).toMatch(/trading standards/i);
  });

  it("counts every neighbourhood an assembly covers", async () => {
    const reply = await send("GET", "/admin/assemblies", { cookie: admin });
    const listed = (reply.data as { assemblies: { id: number; neighbourhoods: number }[] }).assemblies;
    const covered = await test.db
      .select({ assemblyId: neighbourhoods.assemblyId, n: count() })
      .from(neighbourhoods)
      .groupBy(neighbourhoods.assemblyId);
    expect(listed.length).toBeGreaterThan(1);
    for (const assembly of listed) {
      expect(assembly.neighbourhoods).toBe(covered.find((c) => c.assemblyId === assembly.id)?.n ?? 0);
    }
    expect(listed.some((a) => a.neighbourhoods > 1)).toBe(true);
  });
});
