// What the meeting pack brings to the table: each neighbourhood's recent crime
// against a year before ("no figures yet" when none were imported), the
// assembly's How we're doing figures, and the agenda order the assembly chose.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Viewer } from "~/domain/core/access";
import { assemblyComparison } from "~/domain/measures/how-were-doing";
import { addMonths, monthInWords, monthOf } from "~/domain/measures/measures";
import { getPartnersPack, getPublicPack } from "~/domain/reports/meeting-pack";
import * as t from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildMeeting,
  buildNeighbourhood,
  buildPriority,
  buildUser,
  buildViewer,
} from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
const NOW = new Date("2026-11-18T12:00:00Z");
useFixedClock(NOW);
const DAY = 86_400_000;

let chair: Viewer;
let chairEmail: string;
let policeEmail: string;
let meetingId: number;
let assemblyId: number;
let sitwellId: number;
let lastMonth: string;

/** Stores one month of category counts for a neighbourhood, as the police.uk import does. */
async function storeMonth(neighbourhoodId: number, month: string, counts: Record<string, number>) {
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  await test.db.insert(t.crimeFigures).values([
    { neighbourhoodId, month, kind: "total", name: "all", count: total },
    ...Object.entries(counts).map(([name, count]) => ({
      neighbourhoodId,
      month,
      kind: "category" as const,
      name,
      count,
    })),
  ]);
}

// Rotherham South: three neighbourhoods, two meetings held (150 and 40 days
// ago, each saying what's working) and the next one in three weeks, covering
// all three. Two priorities give the How we're doing figures something to count.
// Its chair, and a police officer who chairs nothing.
beforeAll(async () => {
  const assembly = await buildAssembly(test.db, { slug: "rotherham-south", name: "Rotherham South" });
  assemblyId = assembly.id;
  const herringthorpe = await buildNeighbourhood(test.db, { assemblyId, name: "Herringthorpe" });
  const boston = await buildNeighbourhood(test.db, { assemblyId, name: "Boston Castle and Moorgate" });
  const sitwell = await buildNeighbourhood(test.db, { assemblyId, name: "Sitwell" });
  sitwellId = sitwell.id;
  const covered = [herringthorpe.id, boston.id, sitwell.id];
  const { meeting: older } = await buildMeeting(test.db, {
    assemblyId,
    neighbourhoods: covered,
    title: "Rotherham South PACT meeting",
    startsInDays: -150,
    status: "held",
    attendance: 34,
    whatsWorking: "Volunteers from the residents’ association now run a monthly litter pick.",
    now: NOW,
  });
  await buildMeeting(test.db, {
    assemblyId,
    neighbourhoods: covered,
    title: "Rotherham South Area Assembly",
    startsInDays: -40,
    status: "held",
    attendance: 27,
    whatsWorking: "Young people from the youth club helped design the new play area signs.",
    now: NOW,
  });
  const { meeting: next } = await buildMeeting(test.db, {
    assemblyId,
    neighbourhoods: covered,
    title: "Rotherham South PACT meeting",
    startsInDays: 21,
    status: "scheduled",
    now: NOW,
  });
  meetingId = next.id;
  const police = await buildAgency(test.db, { kind: "police", name: "Neighbourhood police" });
  await buildPriority(test.db, {
    neighbourhood: herringthorpe.id,
    title: "Underage drinking on Herringthorpe Playing Fields",
    status: "resolved",
    agreedAtMeetingId: older.id,
    agreedDaysAgo: 150,
    closedAt: new Date(NOW.getTime() - 40 * DAY),
    tasks: [
      { agency: police.id, status: "done", updates: [{ body: "Patrols every weekend.", daysAgo: 60 }] },
    ],
    now: NOW,
  });
  await buildPriority(test.db, {
    neighbourhood: sitwell.id,
    title: "Youths causing damage at Maynard Road play area",
    agreedAtMeetingId: older.id,
    agreedDaysAgo: 150,
    tasks: [
      { agency: police.id, status: "in_progress", updates: [{ body: "Joint operation.", daysAgo: 25 }] },
    ],
    now: NOW,
  });
  // Both tasks were offered the day after the meeting agreed them, and accepted the day after that.
  await test.db
    .update(t.tasks)
    .set({ offeredAt: new Date(NOW.getTime() - 149 * DAY), acceptedAt: new Date(NOW.getTime() - 148 * DAY) });
  chair = await buildViewer(test.db, { name: "Assembly chair", chairs: [assemblyId] });
  chairEmail = chair.email;
  policeEmail = (await buildUser(test.db, { name: "Officer", agencies: [police.id] })).email;
  // police.uk publishes about two months behind: the latest imported month is two before the meeting's.
  lastMonth = addMonths(monthOf(next.startsAt), -2);
  await storeMonth(sitwellId, addMonths(lastMonth, -2), { "anti-social-behaviour": 10, burglary: 2 });
  await storeMonth(sitwellId, addMonths(lastMonth, -1), { "anti-social-behaviour": 8, burglary: 3 });
  await storeMonth(sitwellId, lastMonth, { "anti-social-behaviour": 6, "vehicle-crime": 4 });
  // A year before: two of the three months were imported.
  await storeMonth(sitwellId, addMonths(lastMonth, -14), { "anti-social-behaviour": 15, burglary: 1 });
  await storeMonth(sitwellId, addMonths(lastMonth, -12), { "anti-social-behaviour": 12 });
  // A month after the meeting never counts in its pack.
  await storeMonth(sitwellId, addMonths(monthOf(next.startsAt), 1), { drugs: 99 });
});

describe("the meeting pack's content", () => {
  it("shows each neighbourhood's last three months of crime by category against a year before", async () => {
    const pack = await getPartnersPack(chair, meetingId, { database: test.db, now: NOW });
    const byName = new Map(pack.crime.map((c) => [c.neighbourhood.name, c.trend]));
    expect([...byName.keys()]).toEqual(["Boston Castle and Moorgate", "Herringthorpe", "Sitwell"]);
    const sitwell = byName.get("Sitwell");
    expect(sitwell?.months.map((m) => m.label)).toEqual(
      [addMonths(lastMonth, -2), addMonths(lastMonth, -1), lastMonth].map(monthInWords),
    );
    expect(sitwell?.months[0].yearBeforeLabel).toBe(monthInWords(addMonths(lastMonth, -14)));
    expect(sitwell?.rows).toEqual([
      {
        name: "anti-social-behaviour",
        label: "Anti-social behaviour",
        counts: [10, 8, 6],
        yearBefore: [15, null, 12],
      },
      { name: "burglary", label: "Burglary", counts: [2, 3, 0], yearBefore: [1, null, 0] },
      { name: "vehicle-crime", label: "Vehicle crime", counts: [0, 0, 4], yearBefore: [0, null, 0] },
    ]);
    expect(sitwell?.total).toEqual({ counts: [12, 11, 10], yearBefore: [16, null, 12] });
    // No figures imported: the pack says so rather than showing zeros.
    expect(byName.get("Herringthorpe")).toBeNull();
    expect(byName.get("Boston Castle and Moorgate")).toBeNull();
    const publicPack = await getPublicPack(meetingId, { database: test.db, now: NOW });
    expect(publicPack?.crime).toEqual(pack.crime);
  });

  it("shows the assembly's How we're doing figures, the same as its public page", async () => {
    const pack = await getPartnersPack(chair, meetingId, { database: test.db, now: NOW });
    const page = await assemblyComparison("rotherham-south", NOW, test.db);
    const whole = (id: string) => page?.table.rows.find((r) => r.id === id)?.cells.at(-1);
    expect(pack.howWereDoing?.assemblyName).toBe("Rotherham South");
    expect(pack.howWereDoing?.rows.map((r) => r.label)).toEqual([
      "Priorities agreed",
      "Priorities resolved",
      "Tasks offered",
      "Tasks accepted on time",
      "Tasks completed",
      "Tasks overdue",
      "Public updates posted",
      "Meetings held",
    ]);
    for (const row of pack.howWereDoing?.rows ?? []) expect(row.value, row.label).toBe(whole(row.id));
    // What was built: two priorities agreed, one resolved, two meetings held.
    const value = (id: string) => pack.howWereDoing?.rows.find((r) => r.id === id)?.value;
    expect([value("prioritiesAgreed"), value("prioritiesResolved"), value("meetingsHeld")]).toEqual([
      "2",
      "1",
      "2",
    ]);
    const publicPack = await getPublicPack(meetingId, { database: test.db, now: NOW });
    expect(publicPack?.howWereDoing).toEqual(pack.howWereDoing);
  });

  it("follows the traditional PACT agenda until the chair chooses to start from what's working", async () => {
    const before = await getPartnersPack(chair, meetingId, { database: test.db, now: NOW });
    expect(before.agendaOrder).toBe("traditional");
    expect(before.agenda.map((a) => a.key)).toEqual([
      "welcome",
      "actions",
      "partners",
      "floor",
      "priorities",
      "close",
    ]);

    const cookie = await cookieFor(chairEmail);
    const bad = await send("POST", `/chair/meetings/${meetingId}/pack`, {
      cookie,
      form: { agendaOrder: "alphabetical" },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys((bad.data as { fieldErrors: object }).fieldErrors)).toEqual(["agendaOrder"]);
    const police = await send("POST", `/chair/meetings/${meetingId}/pack`, {
      cookie: await cookieFor(policeEmail),
      form: { agendaOrder: "strengths_first" },
    });
    expect(police.status).toBe(403);

    const saved = await send("POST", `/chair/meetings/${meetingId}/pack`, {
      cookie,
      form: { agendaOrder: "strengths_first" },
    });
    expect(saved.status).toBe(302);
    expect(saved.location).toBe(`/chair/meetings/${meetingId}/pack?saved=agenda`);

    const after = await getPartnersPack(chair, meetingId, { database: test.db, now: NOW });
    expect(after.agendaOrder).toBe("strengths_first");
    expect(after.agenda.map((a) => a.key)).toEqual([
      "welcome",
      "working",
      "actions",
      "partners",
      "floor",
      "priorities",
      "close",
    ]);
    expect(after.agenda[1].title).toBe("What’s working, and what residents are doing themselves");
    // What's working comes from the assembly's last held meeting (40 days ago, not 150).
    expect(after.whatsWorking).toEqual({
      meetingTitle: "Rotherham South Area Assembly",
      text: "Young people from the youth club helped design the new play area signs.",
    });
    // Remembered for the assembly: every pack of its meetings, public ones too.
    const publicPack = await getPublicPack(meetingId, { database: test.db, now: NOW });
    expect(publicPack?.agenda).toEqual(after.agenda);
    const [assembly] = await test.db.select().from(t.assemblies).where(eq(t.assemblies.id, assemblyId));
    expect(assembly.agendaOrder).toBe("strengths_first");
  });
});
