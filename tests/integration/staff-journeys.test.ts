// Friction a newcomer met on the staff pages, through the real routes: where a
// chair lands, scheduling and agreeing a priority without retyping, figure rows
// that start small, and an audit log written in words.
import { and, asc, eq, gt, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { changedFields, describeAuditEvent, readableAddress } from "~/domain/accounts/audit-log";
import { draftPriority } from "~/domain/priorities/priorities";
import * as t from "~db/schema";
import { DEMO, idBySlug, loadDemo } from "../factories/demo";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

let chair: string;
let assemblyId: number;
let upcomingMeetingId: number;
let sitwellId: number;

beforeAll(async () => {
  await loadDemo(test.db);
  chair = await cookieFor(DEMO.chair);
  assemblyId = await idBySlug(test.db, "assemblies", "rotherham-south");
  [{ id: upcomingMeetingId }] = await test.db
    .select({ id: t.meetings.id })
    .from(t.meetings)
    .where(and(eq(t.meetings.assemblyId, assemblyId), gt(t.meetings.startsAt, new Date())))
    .orderBy(asc(t.meetings.startsAt))
    .limit(1);
  sitwellId = await idBySlug(test.db, "neighbourhoods", "sitwell");
});

describe("the chair's way in", () => {
  it("sends the chair of one assembly straight to it, not to a list of one", async () => {
    const reply = await send("GET", "/chair", { cookie: chair });
    expect(reply.status).toBe(302);
    expect(reply.location).toBe(`/chair/${assemblyId}`);
  });

  it("still lets an administrator choose among every assembly", async () => {
    const reply = await send("GET", "/chair", { cookie: await cookieFor(DEMO.admin) });
    expect(reply.status).toBe(200);
    expect((reply.data as { assemblies: unknown[] }).assemblies.length).toBeGreaterThan(1);
  });
});

describe("scheduling a meeting", () => {
  it("offers the venues the assembly has met at before", async () => {
    const reply = await send("GET", `/chair/${assemblyId}/meetings/new`, { cookie: chair });
    const venues = (reply.data as { previousVenues: Array<{ venue: string }> }).previousVenues;
    const known = await test.db
      .selectDistinct({ venue: t.meetings.venue })
      .from(t.meetings)
      .where(eq(t.meetings.assemblyId, assemblyId));
    expect(venues.length).toBeGreaterThan(0);
    for (const { venue } of venues) expect(known.map((k) => k.venue)).toContain(venue);
  });

  it("shows every error at once: a missing venue and an end before the start together", async () => {
    const reply = await send("POST", `/chair/${assemblyId}/meetings/new`, {
      cookie: chair,
      form: { kind: "pact", day: "2027-03-10", startTime: "19:00", endTime: "18:00", venue: "" },
    });
    expect(reply.status).toBe(400);
    const errors = (reply.data as { fieldErrors: Record<string, string[]> }).fieldErrors;
    expect(errors.venue).toBeDefined();
    expect(errors.endTime?.[0]).toBe("The end time must be after the start time");
    expect(errors.neighbourhoodIds).toBeDefined();
  });

  it("offers 'record as held' only once the meeting has started", async () => {
    const reply = await send("GET", `/chair/meetings/${upcomingMeetingId}/record`, { cookie: chair });
    expect((reply.data as { meeting: { hasStarted: boolean } }).meeting.hasStarted).toBe(false);
  });
});

describe("agreeing a priority from concerns", () => {
  it("lists only the chosen neighbourhood's new concerns, marks online ones, and drafts from the chosen", async () => {
    const [meeting] = await test.db
      .select({ id: t.meetings.id })
      .from(t.meetings)
      .innerJoin(t.meetingNeighbourhoods, eq(t.meetingNeighbourhoods.meetingId, t.meetings.id))
      .where(eq(t.meetingNeighbourhoods.neighbourhoodId, sitwellId))
      .limit(1);
    const [other] = await test.db
      .select({ id: t.neighbourhoods.id })
      .from(t.neighbourhoods)
      .where(and(eq(t.neighbourhoods.assemblyId, assemblyId), ne(t.neighbourhoods.id, sitwellId)))
      .limit(1);
    const [category] = await test.db.select().from(t.categories).limit(1);
    const concern = (neighbourhoodId: number, publicWording: string, source: "meeting" | "online") => ({
      neighbourhoodId,
      categoryId: category.id,
      publicWording,
      originalWording: publicWording,
      location: "Sitwell Park",
      source,
    });
    const [online, atMeeting] = await test.db
      .insert(t.concerns)
      .values([
        concern(sitwellId, "Cars speeding past the school gates at home time.", "online"),
        concern(sitwellId, "Parked cars block the crossing by the school.", "meeting"),
        concern(other.id, "Somewhere else entirely.", "meeting"),
      ])
      .returning();
    const base = `/chair/meetings/${meeting.id}/priorities/new`;

    const choosing = await send("GET", `${base}?n=${sitwellId}`, { cookie: chair });
    const listed = (
      choosing.data as { concerns: Array<{ id: number; neighbourhoodId: number; source: string }> }
    ).concerns;
    expect(listed.every((c) => c.neighbourhoodId === sitwellId)).toBe(true);
    expect(listed.find((c) => c.id === online.id)?.source).toBe("online");

    const drafted = await send("GET", `${base}?n=${sitwellId}&c=${online.id}&c=${atMeeting.id}`, {
      cookie: chair,
    });
    const { draft, chosen } = drafted.data as {
      draft: { title: string; youSaid: string; categoryId: number };
      chosen: Array<{ id: number }>;
    };
    expect(chosen.map((c) => c.id).sort()).toEqual([online.id, atMeeting.id].sort());
    expect(draft.title).toBe("Cars speeding past the school gates at home time");
    expect(draft.youSaid).toContain("Parked cars block the crossing by the school.");
    expect(draft.categoryId).toBe(category.id);
  });

  it("keeps a long first concern's title short, cut at a word", () => {
    const { title } = draftPriority([
      {
        publicWording:
          "Groups of young people gather every evening by the shops on the corner, shouting and leaving broken glass behind them on the path",
        categoryId: null,
      },
    ]);
    expect(title.length).toBeLessThanOrEqual(91);
    expect(title).toMatch(/ \S+…$/);
  });
});

describe("figure rows on a partner's update", () => {
  it("start with one row, and 'add another figure' brings one more while keeping what was typed", async () => {
    const police = await cookieFor(DEMO.police);
    const [task] = await test.db
      .select({ id: t.tasks.id, version: t.tasks.version })
      .from(t.tasks)
      .innerJoin(t.agencies, eq(t.agencies.id, t.tasks.agencyId))
      .where(and(eq(t.agencies.slug, "syp-neighbourhood-team"), eq(t.tasks.status, "in_progress")))
      .limit(1);
    const reply = await send("POST", `/tasks/${task.id}/update`, {
      cookie: police,
      form: {
        intent: "add-figure",
        version: String(task.version),
        body: "Patrols each evening.",
        figureLabel: "patrols",
        figureValue: "12",
        figureUnit: "",
      },
    });
    expect(reply.status).toBe(200);
    const state = reply.data as { stage: string; values: Record<string, string> };
    expect(state.stage).toBe("edit");
    expect(state.values).toMatchObject({
      intent: "add-figure",
      body: "Patrols each evening.",
      figureLabel: "patrols",
    });
    // Nothing was posted.
    const [after] = await test.db
      .select({ version: t.tasks.version })
      .from(t.tasks)
      .where(eq(t.tasks.id, task.id));
    expect(after.version).toBe(task.version);
  });
});

describe("the audit log in words", () => {
  it("says who did what to which record", () => {
    expect(
      describeAuditEvent({
        action: "task.update_posted",
        actorName: "Sergeant Pat Morgan",
        entityType: "task",
        entityId: "14",
      }),
    ).toBe("Sergeant Pat Morgan posted an update on task 14");
    expect(
      describeAuditEvent({
        action: "agency.updated",
        actorName: "Ada Admin",
        entityType: "agency",
        entityId: "3",
      }),
    ).toBe("Ada Admin changed agency 3");
    expect(
      describeAuditEvent({ action: "sign_in.failed", actorName: null, entityType: "user", entityId: null }),
    ).toBe("Someone failed to sign in");
  });

  it("lists only the fields that changed, before and after, in words", () => {
    expect(
      changedFields(
        { dueDate: "2027-01-08", status: "accepted", ask: "Patrol" },
        { dueDate: "2027-01-12", status: "accepted", ask: "Patrol", assigneeUserId: 4 },
      ),
    ).toEqual([
      { field: "due date", before: "2027-01-08", after: "2027-01-12" },
      { field: "assignee user id", before: null, after: "4" },
    ]);
  });

  it("writes IPv4 addresses without the IPv6-mapped prefix", async () => {
    expect(readableAddress("::ffff:192.0.2.7")).toBe("192.0.2.7");
    expect(readableAddress("2001:db8::1")).toBe("2001:db8::1");
    await send("POST", "/login", {
      form: { email: DEMO.police, password: "wrong password" },
      clientAddress: "::ffff:198.51.100.4",
    });
    const log = await send("GET", "/admin/audit?entityType=user", { cookie: await cookieFor(DEMO.admin) });
    const events = (
      log.data as { events: Array<{ action: string; address: string | null; summary: string }> }
    ).events;
    const failed = events.find((e) => e.action === "sign_in.failed");
    expect(failed?.address).toBe("198.51.100.4");
    expect(failed?.summary).toMatch(/failed to sign in$/);
  });
});

describe("completing a task: what residents said", () => {
  it("keeps what residents said when they were asked, and publishes it with the outcome", async () => {
    const police = await cookieFor(DEMO.police);
    const [row] = await test.db
      .select({ id: t.tasks.id, version: t.tasks.version })
      .from(t.tasks)
      .innerJoin(t.agencies, eq(t.agencies.id, t.tasks.agencyId))
      .where(
        and(
          eq(t.agencies.slug, "syp-neighbourhood-team"),
          eq(t.tasks.status, "in_progress"),
          eq(t.tasks.confidentiality, "public"),
        ),
      )
      .limit(1);
    const form = {
      version: String(row.version),
      outcomeSummary: "Evening patrols for six weeks; no more damage reported.",
      residentsAsked: "yes",
    };
    const said = "The play area feels safer in the evenings now.";
    const published = await send("POST", `/tasks/${row.id}/complete`, {
      cookie: police,
      form: { ...form, residentsSaid: said, intent: "publish" },
    });
    expect(published.status).toBe(302);
    const [task] = await test.db.select().from(t.tasks).where(eq(t.tasks.id, row.id));
    expect(task.residentsSaid).toBe(said);
    const [place] = await test.db
      .select({ slug: t.neighbourhoods.slug })
      .from(t.priorities)
      .innerJoin(t.neighbourhoods, eq(t.neighbourhoods.id, t.priorities.neighbourhoodId))
      .where(eq(t.priorities.id, task.priorityId));
    const page = await send("GET", `/neighbourhoods/${place.slug}/priorities/${task.priorityId}`);
    expect(JSON.stringify(page.data)).toContain(said);
  });
});
