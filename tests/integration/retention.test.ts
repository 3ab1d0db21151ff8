import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applyRetention } from "~/domain/accounts/retention";
import * as t from "~db/schema";
import { loadDemo } from "../factories/demo";
import { useTestDatabase } from "../setup/database";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

async function herringthorpeConcerns() {
  const priority = await test.db.query.priorities.findFirst({
    where: eq(t.priorities.title, "Underage drinking on Herringthorpe Playing Fields"),
    with: { concernLinks: { with: { concern: true } } },
  });
  return priority?.concernLinks.map((l) => l.concern) ?? [];
}

describe("retention of residents' contact details", () => {
  it("keeps contact details within the retention period", async () => {
    await loadDemo(test.db);
    const result = await applyRetention({ years: 3 });
    expect(result.contactsRemoved).toBe(0);
    const concerns = await herringthorpeConcerns();
    expect(concerns.some((c) => c.contactEmail === "margaret.hollis@example.net")).toBe(true);
  });

  /** The Herringthorpe priority's closing moment, `years` years and `days` days on (calendar years, UTC). */
  async function afterClosing(years: number, days: number) {
    const priority = await test.db.query.priorities.findFirst({
      where: eq(t.priorities.title, "Underage drinking on Herringthorpe Playing Fields"),
    });
    const at = new Date(priority?.closedAt ?? Number.NaN);
    at.setUTCFullYear(at.getUTCFullYear() + years);
    return new Date(at.getTime() + days * 86_400_000);
  }

  it("keeps them until 3 years after the priority closed, to the day", async () => {
    expect((await applyRetention({ years: 3, now: await afterClosing(3, -1) })).contactsRemoved).toBe(0);
    expect(
      (await herringthorpeConcerns()).filter((c) => c.contactName ?? c.contactEmail ?? c.contactPhone),
    ).toHaveLength(2);
  });

  it("removes them 3 years after the priority closed, keeping the public record and the audit trail", async () => {
    const aDayPastThreeYears = await afterClosing(3, 1);
    const herringthorpe = await test.db.query.priorities.findFirst({
      where: eq(t.priorities.title, "Underage drinking on Herringthorpe Playing Fields"),
    });
    const queensway = await test.db.query.priorities.findFirst({
      where: eq(t.priorities.title, "Obstructive parking on Queensway"),
    });
    await test.db.insert(t.improvementAnswers).values([
      {
        priorityId: herringthorpe?.id ?? 0,
        browserKey: "a",
        answer: "better",
        comment: "Call me on 07700 900111",
      },
      { priorityId: queensway?.id ?? 0, browserKey: "b", answer: "worse", comment: "Still parked up." },
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
    // The resolved Herringthorpe priority had two concerns with contact details.
    expect(result.contactsRemoved).toBe(2);
    const concerns = await herringthorpeConcerns();
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
