import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { applyRetention } from "~/domain/accounts/retention";
import * as t from "~db/schema";
import { buildConcern, buildNeighbourhood, buildPriority, linkConcerns } from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

const DAY = 86_400_000;

// One resolved priority (closed 40 days ago) raised by two residents who left
// their details; two priorities still open (one monitoring, one active), each
// raised by a resident with details; and a new online concern nobody has
// moderated yet.
let playingFields: typeof t.priorities.$inferSelect;
let queenswayId = 0;

beforeAll(async () => {
  const now = new Date();
  const herringthorpe = await buildNeighbourhood(test.db, { name: "Herringthorpe" });
  const boston = await buildNeighbourhood(test.db, { name: "Boston Castle" });
  const adopted = { status: "adopted" as const, moderatedAt: new Date(now.getTime() - 150 * DAY) };

  ({ priority: playingFields } = await buildPriority(test.db, {
    neighbourhood: herringthorpe.id,
    title: "Underage drinking on Herringthorpe Playing Fields",
    status: "resolved",
    closedAt: new Date(now.getTime() - 40 * DAY),
    agreedDaysAgo: 150,
    now,
  }));
  await linkConcerns(test.db, playingFields.id, [
    await buildConcern(test.db, {
      ...adopted,
      neighbourhoodId: herringthorpe.id,
      publicWording:
        "Young people drinking on the playing fields at weekends, with broken bottles left by the path.",
      contactName: "Margaret Hollis",
      contactEmail: "margaret.hollis@example.net",
      contactPhone: "07700 900123",
    }),
    await buildConcern(test.db, {
      ...adopted,
      neighbourhoodId: herringthorpe.id,
      publicWording: "Off-licences near the fields are selling alcohol to teenagers.",
      contactName: "Dev Patel",
      contactPhone: "07700 900456",
    }),
  ]);

  const { priority: queensway } = await buildPriority(test.db, {
    neighbourhood: boston.id,
    title: "Obstructive parking on Queensway",
    status: "monitoring",
    agreedDaysAgo: 150,
    now,
  });
  queenswayId = queensway.id;
  await linkConcerns(test.db, queensway.id, [
    await buildConcern(test.db, {
      ...adopted,
      neighbourhoodId: boston.id,
      publicWording: "Hospital visitors park across driveways on Queensway all day.",
      contactName: "Graham Fletcher",
      contactEmail: "g.fletcher@example.net",
    }),
  ]);

  const { priority: maynardRoad } = await buildPriority(test.db, {
    neighbourhood: herringthorpe.id,
    title: "Youths causing damage at Maynard Road play area",
    status: "active",
    agreedDaysAgo: 150,
    now,
  });
  await linkConcerns(test.db, maynardRoad.id, [
    await buildConcern(test.db, {
      ...adopted,
      neighbourhoodId: herringthorpe.id,
      publicWording: "Teenagers damaging the swings and shouting at parents at Maynard Road play area.",
      contactName: "Linda Shaw",
      contactEmail: "linda.shaw@example.net",
      contactPhone: "07700 900789",
    }),
  ]);

  await buildConcern(test.db, {
    neighbourhoodId: herringthorpe.id,
    source: "online",
    status: "new",
    publicWording: "Fly-tipping behind the shops on Herringthorpe Avenue is getting worse.",
    contactName: "Online Resident",
    contactEmail: "resident.online@example.net",
    createdAt: new Date(now.getTime() - DAY),
  });
});

async function herringthorpeConcerns() {
  const priority = await test.db.query.priorities.findFirst({
    where: eq(t.priorities.id, playingFields.id),
    with: { concernLinks: { with: { concern: true } } },
  });
  return priority?.concernLinks.map((l) => l.concern) ?? [];
}

describe("retention of residents' contact details", () => {
  it("keeps contact details within the retention period", async () => {
    const result = await applyRetention({ years: 3 });
    expect(result.contactsRemoved).toBe(0);
    const concerns = await herringthorpeConcerns();
    expect(concerns.some((c) => c.contactEmail === "margaret.hollis@example.net")).toBe(true);
  });

  /** The playing fields priority's closing moment, `years` years and `days` days on (calendar years, UTC). */
  function afterClosing(years: number, days: number) {
    const at = new Date(playingFields.closedAt ?? Number.NaN);
    at.setUTCFullYear(at.getUTCFullYear() + years);
    return new Date(at.getTime() + days * DAY);
  }

  it("keeps them until 3 years after the priority closed, to the day", async () => {
    expect((await applyRetention({ years: 3, now: afterClosing(3, -1) })).contactsRemoved).toBe(0);
    expect(
      (await herringthorpeConcerns()).filter((c) => c.contactName ?? c.contactEmail ?? c.contactPhone),
    ).toHaveLength(2);
  });

  it("removes them 3 years after the priority closed, keeping the public record and the audit trail", async () => {
    const aDayPastThreeYears = afterClosing(3, 1);
    await test.db.insert(t.improvementAnswers).values([
      {
        priorityId: playingFields.id,
        browserKey: "a",
        answer: "better",
        comment: "Call me on 07700 900111",
      },
      { priorityId: queenswayId, browserKey: "b", answer: "worse", comment: "Still parked up." },
    ]);
    const result = await applyRetention({ years: 3, now: aDayPastThreeYears });
    // A resident's private comment on the closed priority goes; the answer itself is still counted.
    expect(result.commentsRemoved).toBe(1);
    const answers = await test.db
      .select()
      .from(t.improvementAnswers)
      .orderBy(t.improvementAnswers.browserKey);
    expect(answers.map((a) => [a.answer, a.comment])).toEqual([
      ["better", null],
      ["worse", "Still parked up."],
    ]);
    // The resolved playing fields priority had two concerns with contact details.
    expect(result.contactsRemoved).toBe(2);
    const concerns = await herringthorpeConcerns();
    expect(concerns).toHaveLength(2);
    for (const concern of concerns) {
      expect(concern.contactName).toBeNull();
      expect(concern.contactEmail).toBeNull();
      expect(concern.contactPhone).toBeNull();
      expect(concern.contactRemovedAt).not.toBeNull();
      expect(concern.publicWording.length).toBeGreaterThan(10);
    }
    // Concerns of priorities still open keep theirs.
    const [{ kept }] = await test.db
      .select({ kept: sql<number>`count(*)::int` })
      .from(t.concerns)
      .where(eq(t.concerns.contactEmail, "linda.shaw@example.net"));
    expect(kept).toBe(1);
    const audit = await test.db
      .select()
      .from(t.auditEvents)
      .where(eq(t.auditEvents.action, "retention.contact_details_removed"));
    expect(audit).toHaveLength(1);
    // Running again finds nothing more to do.
    expect((await applyRetention({ years: 3, now: aDayPastThreeYears })).contactsRemoved).toBe(0);
  });

  it("refuses a retention period under 3 years", async () => {
    await expect(applyRetention({ years: 2 })).rejects.toThrow(/at least 3 years/);
  });
});
