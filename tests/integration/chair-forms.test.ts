// The chair's forms through the real routes: bad input comes back with a
// message per field and nothing saved; good input saves and redirects.
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { toIsoDate } from "~/domain/core/deadlines";
import * as t from "~db/schema";
import {
  buildAssembly,
  buildBankHolidays,
  buildCategory,
  buildMeeting,
  buildNeighbourhood,
  buildPriority,
  buildUser,
} from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();

let cookie: string;
let assemblyId: number;
let herringthorpeId: number;
let upcomingMeetingId: number;
let priorityId: number;
let taskId: number;
let categoryId: number;

async function rows(table: typeof t.meetings | typeof t.concerns | typeof t.priorities | typeof t.tasks) {
  const [row] = await test.db.select({ value: count() }).from(table);
  return row.value;
}

function fieldErrors(data: unknown) {
  return Object.keys((data as { fieldErrors: Record<string, unknown> }).fieldErrors).sort();
}

// The chair of Rotherham South, whose assembly covers Herringthorpe and Sitwell
// and meets next in three weeks; an active priority in Sitwell with three open
// tasks (the first under way, at version 1); a category to file concerns under.
beforeAll(async () => {
  await buildBankHolidays(test.db);
  const assembly = await buildAssembly(test.db, { name: "Rotherham South" });
  assemblyId = assembly.id;
  herringthorpeId = (await buildNeighbourhood(test.db, { assemblyId, name: "Herringthorpe" })).id;
  const sitwell = await buildNeighbourhood(test.db, { assemblyId, name: "Sitwell" });
  ({
    meeting: { id: upcomingMeetingId },
  } = await buildMeeting(test.db, {
    assemblyId,
    neighbourhoods: [herringthorpeId, sitwell.id],
    startsInDays: 21,
  }));
  const { priority, taskIds } = await buildPriority(test.db, {
    neighbourhood: sitwell.id,
    title: "Youths causing damage at Maynard Road play area",
    status: "active",
    tasks: [
      { agency: { kind: "police" }, title: "Joint operation at the play area", status: "in_progress" },
      { agency: { kind: "council" }, title: "Repair the play equipment", status: "accepted" },
      { agency: { kind: "fire" }, title: "Diversionary activity", status: "offered" },
    ],
  });
  priorityId = priority.id;
  [taskId] = taskIds;
  categoryId = (await buildCategory(test.db, { name: "Anti-social behaviour" })).id;
  const chair = await buildUser(test.db, { name: "Assembly chair", chairs: [assemblyId] });
  cookie = await cookieFor(chair.email);
});

describe("scheduling and recording a meeting", () => {
  let meetingId: number;
  const yesterday = toIsoDate(new Date(Date.now() - 86_400_000));

  it("refuses a bad schedule with a message per field, saving nothing", async () => {
    const before = await rows(t.meetings);
    const reply = await send("POST", `/chair/${assemblyId}/meetings/new`, {
      cookie,
      form: { kind: "party", day: "2026-02-30", startTime: "25:00", endTime: "", venue: " " },
    });
    expect(reply.status).toBe(400);
    expect(fieldErrors(reply.data)).toEqual([
      "day",
      "endTime",
      "kind",
      "neighbourhoodIds",
      "startTime",
      "venue",
    ]);
    expect((reply.data as { fieldErrors: Record<string, string[]> }).fieldErrors.day).toEqual([
      "Enter the date as a real date",
    ]);
    expect(await rows(t.meetings)).toBe(before);
  });

  it("schedules a meeting and goes to its page", async () => {
    const reply = await send("POST", `/chair/${assemblyId}/meetings/new`, {
      cookie,
      form: {
        kind: "pact",
        day: yesterday,
        startTime: "18:30",
        endTime: "20:00",
        venue: "Herringthorpe Community Centre",
        neighbourhoodIds: [String(herringthorpeId)],
      },
    });
    expect(reply.status).toBe(302);
    const match = reply.location?.match(/^\/chair\/meetings\/(\d+)\?saved=scheduled$/);
    expect(match).not.toBeNull();
    meetingId = Number(match?.[1]);
    const page = await send("GET", `/chair/meetings/${meetingId}`, { cookie });
    expect(page.status).toBe(200);
    expect((page.data as { meeting: { venue: string } }).meeting.venue).toBe(
      "Herringthorpe Community Centre",
    );
  });

  it("refuses a bad record and an empty cancellation reason", async () => {
    const bad = await send("POST", `/chair/meetings/${meetingId}/record`, {
      cookie,
      form: { intent: "record", attendance: "lots", publicSummary: "" },
    });
    expect(bad.status).toBe(400);
    expect(fieldErrors(bad.data)).toEqual(["attendance", "publicSummary"]);
    const cancel = await send("POST", `/chair/meetings/${meetingId}/record`, {
      cookie,
      form: { intent: "cancel", reason: "   " },
    });
    expect(cancel.status).toBe(400);
    expect(fieldErrors(cancel.data)).toEqual(["reason"]);
    const [meeting] = await test.db.select().from(t.meetings).where(eq(t.meetings.id, meetingId));
    expect(meeting.status).toBe("scheduled");
  });

  it("refuses recording a meeting that has not happened yet (409), and records a held one", async () => {
    const early = await send("POST", `/chair/meetings/${upcomingMeetingId}/record`, {
      cookie,
      form: { intent: "record", attendance: "20", publicSummary: "Summary" },
    });
    expect(early.status).toBe(409);
    const held = await send("POST", `/chair/meetings/${meetingId}/record`, {
      cookie,
      form: { intent: "record", attendance: "20", publicSummary: "Residents raised speeding." },
    });
    expect(held.location).toBe(`/chair/meetings/${meetingId}?saved=recorded`);
  });

  it("refuses bad concerns with a message per field, then takes a good one and comes back for the next", async () => {
    const before = await rows(t.concerns);
    const bad = await send("POST", `/chair/meetings/${meetingId}/concerns`, {
      cookie,
      form: {
        neighbourhoodId: "",
        categoryId: "x",
        location: "",
        publicWording: "",
        contactEmail: "not-an-email",
      },
    });
    expect(bad.status).toBe(400);
    expect(fieldErrors(bad.data)).toEqual([
      "categoryId",
      "contactEmail",
      "location",
      "neighbourhoodId",
      "publicWording",
    ]);
    const house = await send("POST", `/chair/meetings/${meetingId}/concerns`, {
      cookie,
      form: {
        neighbourhoodId: String(herringthorpeId),
        categoryId: String(categoryId),
        location: "14 Herringthorpe Avenue",
        publicWording: "Noise at night.",
      },
    });
    expect(house.status).toBe(400);
    expect(fieldErrors(house.data)).toEqual(["location"]);
    expect(await rows(t.concerns)).toBe(before);
    const good = await send("POST", `/chair/meetings/${meetingId}/concerns`, {
      cookie,
      form: {
        neighbourhoodId: String(herringthorpeId),
        categoryId: String(categoryId),
        location: "Herringthorpe Avenue",
        publicWording: "Noise at night.",
      },
    });
    expect(good.location).toMatch(
      new RegExp(
        `^/chair/meetings/${meetingId}/concerns\\?added=\\d+&n=${herringthorpeId}&c=${categoryId}#concern-form$`,
      ),
    );
    expect(await rows(t.concerns)).toBe(before + 1);
  });

  it("refuses a priority without concerns, title or summary", async () => {
    const before = await rows(t.priorities);
    const reply = await send("POST", `/chair/meetings/${meetingId}/priorities/new`, {
      cookie,
      form: { neighbourhoodId: String(herringthorpeId), title: "", youSaid: "", reviewDate: "someday" },
    });
    expect(reply.status).toBe(400);
    expect(fieldErrors(reply.data)).toEqual(["concernIds", "reviewDate", "title", "youSaid"]);
    expect(await rows(t.priorities)).toBe(before);
  });
});

describe("priorities and tasks", () => {
  it("refuses a review without what the outcome needs", async () => {
    const reply = await send("POST", `/chair/priorities/${priorityId}/review`, {
      cookie,
      form: { version: "1", outcome: "closed", reason: "" },
    });
    expect(reply.status).toBe(400);
    expect(fieldErrors(reply.data)).toEqual(["reason"]);
    const none = await send("POST", `/chair/priorities/${priorityId}/review`, {
      cookie,
      form: { version: "1" },
    });
    expect(fieldErrors(none.data)).toEqual(["outcome"]);
  });

  it("asks what happens to open tasks before closing, through the page (409, nothing changed)", async () => {
    const reply = await send("POST", `/chair/priorities/${priorityId}/review`, {
      cookie,
      form: { version: "1", outcome: "closed", reason: "Moved to the council's play strategy." },
    });
    expect(reply.status).toBe(409);
    expect((reply.data as { message: string }).message).toMatch(/tasks are still open/);
    const [priority] = await test.db.select().from(t.priorities).where(eq(t.priorities.id, priorityId));
    expect(priority.status).toBe("active");
  });

  it("refuses a bad offer with a message per field, saving nothing", async () => {
    const before = await rows(t.tasks);
    const reply = await send("POST", `/chair/priorities/${priorityId}/tasks/new`, {
      cookie,
      form: {
        agencyId: "",
        title: "",
        ask: "",
        dueInWorkingDays: "0",
        dueDate: "31/12/2026",
        confidentiality: "secret",
      },
    });
    expect(reply.status).toBe(400);
    expect(fieldErrors(reply.data)).toEqual([
      "agencyId",
      "ask",
      "confidentiality",
      "dueDate",
      "dueInWorkingDays",
      "title",
    ]);
    expect(await rows(t.tasks)).toBe(before);
  });

  it("refuses withdrawing without a reason, and on a stale page", async () => {
    const empty = await send("POST", `/chair/tasks/${taskId}`, {
      cookie,
      form: { version: "1", reason: "" },
    });
    expect(empty.status).toBe(400);
    expect(fieldErrors(empty.data)).toEqual(["reason"]);
    const stale = await send("POST", `/chair/tasks/${taskId}`, {
      cookie,
      form: { version: "99", reason: "Not needed" },
    });
    expect(stale.status).toBe(409);
    expect((stale.data as { message: string }).message).toBe("This task changed since you opened it.");
    const [task] = await test.db.select().from(t.tasks).where(eq(t.tasks.id, taskId));
    expect(task.status).not.toBe("withdrawn");
  });

  it("refuses a decision on a task that was not declined", async () => {
    const reply = await send("POST", `/chair/tasks/${taskId}`, {
      cookie,
      form: { intent: "decide", version: "1", kind: "withdraw", reason: "x" },
    });
    expect(reply.status).toBe(409);
  });
});
