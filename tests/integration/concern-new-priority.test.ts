// "Adopt into a new priority" from the chair's concern page, for concerns raised
// online as well as at a meeting (issue 15): a priority is agreed at a meeting,
// so the chair chooses one of the assembly's meetings covering the concern's
// neighbourhood that has started (newest first), or is told plainly why none
// can be chosen. The choice is a GET form that goes on to the meeting's "Agree a
// priority" page with the concern chosen; agreeing there keeps the priority
// limit and queues the resident's decision e-mail like every other path.
import { and, eq, inArray, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { raiseOnlineConcern } from "~/domain/concerns/online-concerns";
import type { Viewer } from "~/domain/core/access";
import { toIsoDate } from "~/domain/core/deadlines";
import { defaultReviewDate, maxActiveMessage, placesForNewPriority } from "~/domain/priorities/priorities";
import * as t from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildCategory,
  buildMeeting,
  buildNeighbourhood,
  buildPriority,
  buildViewer,
} from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();
const BASE = "http://localhost:3000";
// Routes read the (pinned) clock, and the data is laid out around it; domain calls are given this one.
const NOW = new Date();
const MINUTE = 60_000;
const DAY = 86_400_000;

let chair: Viewer;
let cookie: string;
let assemblyId: number;
let herringthorpe: number;
let sitwell: number;
let police: Viewer;
let categoryId: number;

type Places = Awaited<ReturnType<typeof placesForNewPriority>>;
type ConcernPage = {
  newPriority: Places | null;
  agreeAtError: string | null;
  neighbourhood: { id: number };
};

async function onlineConcern(slug: string, wording: string, address = "192.0.2.40") {
  const raised = await raiseOnlineConcern(
    {
      neighbourhoodSlug: slug,
      address,
      category: categoryId,
      location: "Herringthorpe Valley Road",
      wording,
      contactName: "Ada Resident",
      contactEmail: "ada.resident@example.net",
    },
    { database: test.db, now: new Date(NOW.getTime() - DAY), publicUrl: BASE },
  );
  if (raised.kind !== "raised") throw new Error(`not raised: ${raised.kind}`);
  return raised;
}

async function meeting(
  neighbourhoodIds: number[],
  startsAt: Date,
  status: "scheduled" | "held" | "cancelled",
) {
  const [row] = await test.db
    .insert(t.meetings)
    .values({
      assemblyId,
      kind: "pact",
      title: `Test meeting ${startsAt.toISOString()}`,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 90 * MINUTE),
      venue: "Library",
      status,
      cancellationReason: status === "cancelled" ? "The hall was flooded." : null,
    })
    .returning({ id: t.meetings.id });
  await test.db
    .insert(t.meetingNeighbourhoods)
    .values(neighbourhoodIds.map((neighbourhoodId) => ({ meetingId: row.id, neighbourhoodId })));
  return row.id;
}

const page = async (concernId: number, query = "") => {
  const reply = await send("GET", `/chair/concerns/${concernId}${query}`, { cookie });
  return { ...reply, page: reply.data as ConcernPage };
};

/** Makes Herringthorpe full: its maximum is the number of its active priorities (at least one). */
async function fillHerringthorpe() {
  const active = async () =>
    test.db
      .select({ id: t.priorities.id })
      .from(t.priorities)
      .where(and(eq(t.priorities.neighbourhoodId, herringthorpe), eq(t.priorities.status, "active")));
  if (!(await active()).length) {
    await test.db.insert(t.priorities).values({
      neighbourhoodId: herringthorpe,
      title: "Speeding on Herringthorpe Valley Road",
      youSaid: "Drivers speed along the valley road.",
      status: "active",
      agreedOn: "2026-01-06",
      reviewDate: "2099-01-06",
    });
  }
  const max = (await active()).length;
  const [hood] = await test.db
    .update(t.neighbourhoods)
    .set({ maxActivePriorities: max })
    .where(eq(t.neighbourhoods.id, herringthorpe))
    .returning();
  return { name: hood.name, max };
}

const roomInHerringthorpe = () =>
  test.db
    .update(t.neighbourhoods)
    .set({ maxActivePriorities: 10 })
    .where(eq(t.neighbourhoods.id, herringthorpe));

// Rotherham South covers Herringthorpe and Sitwell; it met 150 and 40 days ago
// (both neighbourhoods) and meets next in three weeks. Herringthorpe has a
// resolved priority and no active one. The assembly's chair; a police officer
// who chairs nothing; a category for online concerns.
beforeAll(async () => {
  await buildBankHolidays(test.db);
  assemblyId = (await buildAssembly(test.db, { slug: "rotherham-south", name: "Rotherham South" })).id;
  herringthorpe = (
    await buildNeighbourhood(test.db, { assemblyId, slug: "herringthorpe", name: "Herringthorpe" })
  ).id;
  sitwell = (await buildNeighbourhood(test.db, { assemblyId, slug: "sitwell", name: "Sitwell" })).id;
  for (const [startsInDays, status] of [
    [-150, "held"],
    [-40, "held"],
    [21, "scheduled"],
  ] as const) {
    await buildMeeting(test.db, {
      assemblyId,
      neighbourhoods: [herringthorpe, sitwell],
      startsInDays,
      status,
      now: NOW,
    });
  }
  await buildPriority(test.db, {
    neighbourhood: herringthorpe,
    title: "Underage drinking on Herringthorpe Playing Fields",
    status: "resolved",
    agreedDaysAgo: 150,
    now: NOW,
  });
  categoryId = (await buildCategory(test.db, { name: "Anti-social behaviour" })).id;
  chair = await buildViewer(test.db, { name: "Assembly chair", chairs: [assemblyId] });
  cookie = await cookieFor(chair.email);
  const policeAgency = await buildAgency(test.db, { kind: "police" });
  police = await buildViewer(test.db, { name: "Officer", agencies: [policeAgency.id] });
  // Room for a new priority in Herringthorpe.
  await roomInHerringthorpe();
});

describe("the meetings a concern can be adopted into a new priority at", () => {
  it("are the assembly's started, uncancelled meetings covering the neighbourhood, newest first", async () => {
    const underWay = await meeting([herringthorpe], new Date(NOW.getTime() - MINUTE), "scheduled");
    const notYet = await meeting([herringthorpe], new Date(NOW.getTime() + MINUTE), "scheduled");
    const cancelled = await meeting([herringthorpe], new Date(NOW.getTime() - DAY), "cancelled");
    const sitwellOnly = await meeting([sitwell], new Date(NOW.getTime() - 2 * MINUTE), "held");
    const places = await placesForNewPriority(chair, herringthorpe, { database: test.db, now: NOW });
    expect(places.kind).toBe("meetings");
    if (places.kind !== "meetings") return;
    const ids = places.meetings.map((m) => m.id);
    expect(ids[0]).toBe(underWay);
    expect(ids).not.toContain(notYet);
    expect(ids).not.toContain(cancelled);
    expect(ids).not.toContain(sitwellOnly);
    // Every one has started, covers Herringthorpe, and they come newest first.
    const starts = places.meetings.map((m) => m.startsAt.getTime());
    expect(starts.every((s) => s <= NOW.getTime())).toBe(true);
    expect([...starts].sort((a, b) => b - a)).toEqual(starts);
    const covered = await test.db
      .select({ id: t.meetingNeighbourhoods.meetingId })
      .from(t.meetingNeighbourhoods)
      .where(eq(t.meetingNeighbourhoods.neighbourhoodId, herringthorpe));
    expect(ids.every((id) => covered.some((c) => c.id === id))).toBe(true);
    // A minute later the next one has started too.
    const later = await placesForNewPriority(chair, herringthorpe, {
      database: test.db,
      now: new Date(NOW.getTime() + MINUTE),
    });
    expect(later.kind === "meetings" && later.meetings[0].id).toBe(notYet);
    // These meetings were only for this test.
    await test.db
      .delete(t.meetings)
      .where(inArray(t.meetings.id, [underWay, notYet, cancelled, sitwellOnly]));
  });

  it("says the neighbourhood is full when it has its maximum of active priorities", async () => {
    const { name, max } = await fillHerringthorpe();
    try {
      const places = await placesForNewPriority(chair, herringthorpe, { database: test.db, now: NOW });
      expect(places).toEqual({ kind: "full", message: maxActiveMessage(name, max) });
      // One place more and the meetings are offered again.
      await test.db
        .update(t.neighbourhoods)
        .set({ maxActivePriorities: max + 1 })
        .where(eq(t.neighbourhoods.id, herringthorpe));
      expect((await placesForNewPriority(chair, herringthorpe, { database: test.db, now: NOW })).kind).toBe(
        "meetings",
      );
    } finally {
      await roomInHerringthorpe();
    }
  });

  it("says no meeting has started yet, naming the next one, for a neighbourhood with none held", async () => {
    const [fresh] = await test.db
      .insert(t.neighbourhoods)
      .values({ assemblyId, slug: "test-new-estate", name: "New Estate", maxActivePriorities: 3 })
      .returning({ id: t.neighbourhoods.id });
    expect(await placesForNewPriority(chair, fresh.id, { database: test.db, now: NOW })).toEqual({
      kind: "no_meeting",
      next: null,
    });
    const next = await meeting([fresh.id], new Date(NOW.getTime() + 7 * DAY), "scheduled");
    await meeting([fresh.id], new Date(NOW.getTime() + 14 * DAY), "scheduled");
    const places = await placesForNewPriority(chair, fresh.id, { database: test.db, now: NOW });
    expect(places.kind === "no_meeting" && places.next?.id).toBe(next);
  });

  it("are only for the assembly's chair", async () => {
    await expect(
      placesForNewPriority(police, herringthorpe, { database: test.db, now: NOW }),
    ).rejects.toThrow();
  });
});

describe("adopting an online concern into a new priority from its page", () => {
  it("offers the meetings on the page, goes on to agree at the chosen one, and e-mails the resident the decision", async () => {
    const raised = await onlineConcern(
      "herringthorpe",
      "Motorbikes ride across the playing fields at night.",
    );
    const held = await meeting([herringthorpe], new Date(NOW.getTime() - 3 * DAY), "held");
    const first = await page(raised.concernId);
    expect(first.status).toBe(200);
    expect(first.page.newPriority?.kind).toBe("meetings");
    const offered = first.page.newPriority?.kind === "meetings" ? first.page.newPriority.meetings : [];
    expect(offered.map((m) => m.id)).toContain(held);

    // The GET form's choice goes on to the meeting's agree page, with this concern chosen.
    const chosen = await page(raised.concernId, `?agreeAt=${held}`);
    expect(chosen.status).toBe(302);
    const agreePath = chosen.location ?? "";
    expect(agreePath).toBe(`/chair/meetings/${held}/priorities/new?n=${herringthorpe}&c=${raised.concernId}`);
    const agree = await send("GET", agreePath, { cookie });
    expect(agree.status).toBe(200);
    const drafted = agree.data as {
      chosen: Array<{ id: number }>;
      draft: { title: string; youSaid: string };
    };
    expect(drafted.chosen.map((c) => c.id)).toEqual([raised.concernId]);
    expect(drafted.draft.youSaid).toContain("Motorbikes ride across the playing fields");

    const agreed = await send("POST", agreePath, {
      cookie,
      form: {
        neighbourhoodId: String(herringthorpe),
        concernIds: [String(raised.concernId)],
        title: "Motorbikes on the playing fields",
        youSaid: drafted.draft.youSaid,
        categoryId: "",
        reviewDate: "",
      },
    });
    expect(agreed.status, JSON.stringify(agreed.data)).toBe(302);
    const priorityId = Number(agreed.location?.match(/^\/chair\/priorities\/(\d+)/)?.[1]);
    const [priority] = await test.db.select().from(t.priorities).where(eq(t.priorities.id, priorityId));
    expect(priority).toMatchObject({
      agreedAtMeetingId: held,
      neighbourhoodId: herringthorpe,
      status: "active",
    });
    const [concern] = await test.db.select().from(t.concerns).where(eq(t.concerns.id, raised.concernId));
    expect(concern.status).toBe("adopted");
    const links = await test.db
      .select()
      .from(t.priorityConcerns)
      .where(eq(t.priorityConcerns.concernId, raised.concernId));
    expect(links.map((l) => l.priorityId)).toEqual([priorityId]);
    // The resident hears about it once, after the correction window, with a link to the priority.
    const mail = await test.db
      .select()
      .from(t.outboxMessages)
      .where(like(t.outboxMessages.dedupeKey, `concern-decision:${raised.concernId}:%`));
    expect(mail).toHaveLength(1);
    expect(mail[0].toAddress).toBe("ada.resident@example.net");
    expect(mail[0].text).toContain("Motorbikes on the playing fields");
    expect(mail[0].text).toContain(`/neighbourhoods/herringthorpe/priorities/${priorityId}`);

    // Decided, the concern page no longer offers a new priority.
    expect((await page(raised.concernId)).page.newPriority).toBeNull();
  });

  it("refuses a meeting that has not started or is not on the list, staying on the page with an error", async () => {
    const raised = await onlineConcern("herringthorpe", "Broken street light by the bus stop.", "192.0.2.41");
    const future = await meeting([herringthorpe], new Date(NOW.getTime() + 5 * DAY), "scheduled");
    for (const query of [`?agreeAt=${future}`, "?agreeAt=999999", "?agreeAt=abc"]) {
      const reply = await page(raised.concernId, query);
      expect(reply.status, query).toBe(200);
      expect(reply.page.agreeAtError, query).toBe("Choose a meeting from the list");
    }
    expect((await page(raised.concernId)).page.agreeAtError).toBeNull();
  });

  it("keeps the priority limit: a full neighbourhood is said so on the page, and agreeing is refused", async () => {
    const raised = await onlineConcern("herringthorpe", "Dog fouling along the canal path.", "192.0.2.42");
    const held = await meeting([herringthorpe], new Date(NOW.getTime() - 2 * DAY), "held");
    await fillHerringthorpe();
    try {
      const full = await page(raised.concernId);
      expect(full.page.newPriority?.kind).toBe("full");
      // Nor does the choice go through while full.
      expect((await page(raised.concernId, `?agreeAt=${held}`)).status).toBe(200);
      const refused = await send(
        "POST",
        `/chair/meetings/${held}/priorities/new?n=${herringthorpe}&c=${raised.concernId}`,
        {
          cookie,
          form: {
            neighbourhoodId: String(herringthorpe),
            concernIds: [String(raised.concernId)],
            title: "Dog fouling on the canal path",
            youSaid: "Dog fouling along the canal path.",
          },
        },
      );
      expect(refused.status).toBe(400);
      const [concern] = await test.db.select().from(t.concerns).where(eq(t.concerns.id, raised.concernId));
      expect(concern.status).toBe("new");
    } finally {
      await roomInHerringthorpe();
    }
  });
});

describe("the default review date of a new priority", () => {
  it("is the next meeting on a later day: a second meeting later the same day is not a review in the future", async () => {
    const fresh = await test.db
      .insert(t.neighbourhoods)
      .values({ assemblyId, slug: "test-review-dates", name: "Review Dates", maxActivePriorities: 3 })
      .returning({ id: t.neighbourhoods.id })
      .then(([row]) => row.id);
    // 10:00 on a Tuesday; the evening meeting is today, the next one a week on.
    const at = new Date("2026-03-10T10:00:00Z");
    const none = await defaultReviewDate(fresh, at, test.db);
    expect(none).toBe("2026-06-10"); // three months on when nothing is scheduled
    await meeting([fresh], new Date("2026-03-10T18:30:00Z"), "scheduled");
    expect(await defaultReviewDate(fresh, at, test.db)).toBe("2026-06-10");
    await meeting([fresh], new Date("2026-03-17T18:30:00Z"), "scheduled");
    const next = await defaultReviewDate(fresh, at, test.db);
    expect(next).toBe("2026-03-17");
    expect(next > toIsoDate(at)).toBe(true);
  });
});
