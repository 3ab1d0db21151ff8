// The partners' printouts (meeting pack, draft monthly report): chairs print them for
// public meetings, so partners-only words are left out unless the chair ticks
// "include partners-only notes", and safeguarding details never appear.
import { beforeAll, describe, expect, it } from "vitest";
import { PARTNERS_ONLY_TASK_LEFT_OUT } from "~/domain/reports/printouts";
import { offerTask } from "~/domain/tasks/chair-tasks";
import * as t from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildMeeting,
  buildNeighbourhood,
  buildPriority,
  buildViewer,
} from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
const { now } = useFixedClock();
const LEAKS = {
  note: "LEAK-NOTE: two of the group are known to the YOT worker, initials K.T., aged 16.",
  task: "LEAK-TASK: diversion sessions for K.T. and family",
  safeguarding: "LEAK-SAFEGUARDING: referral made for a 14-year-old at the address.",
};
const PUBLIC_UPDATE = "Patrols at the play area each evening this week.";

let chair: string;
let meetingId: number;
let month: string;

beforeAll(async () => {
  await buildBankHolidays(test.db);
  // Rotherham South's chair, its next meeting for Sitwell, and Sitwell's one active priority:
  // the police's public task there, with a public update, a partners-only note and a
  // safeguarding referral written this month.
  const assembly = await buildAssembly(test.db, { slug: "rotherham-south", name: "Rotherham South" });
  const sitwell = await buildNeighbourhood(test.db, {
    assemblyId: assembly.id,
    slug: "sitwell",
    name: "Sitwell",
  });
  const chairViewer = await buildViewer(test.db, { chairs: [assembly.id] });
  chair = await cookieFor(chairViewer.email);
  ({
    meeting: { id: meetingId },
  } = await buildMeeting(test.db, { neighbourhoods: [sitwell.id], startsInDays: 7, now }));
  const police = await buildAgency(test.db, { name: "SYP Neighbourhood Team", kind: "police" });
  const { priority: maynard } = await buildPriority(test.db, {
    neighbourhood: sitwell.id,
    title: "Youths causing damage at Maynard Road play area",
    now,
    tasks: [
      {
        agency: police.id,
        confidentiality: "public",
        updates: [
          { body: LEAKS.note, visibility: "partners_only", daysAgo: 0 },
          { body: PUBLIC_UPDATE, visibility: "public", daysAgo: 0 },
          { body: LEAKS.safeguarding, safeguardingReferral: true, daysAgo: 0 },
        ],
      },
    ],
  });
  // The youth offending team's work is partners-only by default: the chair offers it
  // without choosing, and the agency's default decides.
  const yot = await buildAgency(test.db, {
    name: "Youth Offending Team",
    kind: "youth_offending",
    defaultConfidentiality: "partners_only",
  });
  const secret = await offerTask(
    chairViewer,
    { priorityId: maynard.id, agencyId: yot.id, title: LEAKS.task, ask: "Work with the family." },
    { database: test.db, now },
  );
  // Written now on the pinned clock: left to the column default, the PostgreSQL server would
  // date it by its own (real) clock, outside the month the report covers.
  await test.db
    .insert(t.taskUpdates)
    .values({ taskId: secret.id, body: LEAKS.note, visibility: "public", createdAt: new Date() });
  month = now.toISOString().slice(0, 7);
});

const text = (value: unknown) => JSON.stringify(value);

describe("the partners' meeting pack as printed", () => {
  it("leaves partners-only notes and tasks out unless the chair asks for them", async () => {
    const reply = await send("GET", `/chair/meetings/${meetingId}/pack`, { cookie: chair });
    expect(reply.status).toBe(200);
    const data = reply.data as { included: boolean };
    expect(data.included).toBe(false);
    const printed = text(reply.data);
    expect(printed).toContain(PUBLIC_UPDATE);
    expect(printed).toContain(PARTNERS_ONLY_TASK_LEFT_OUT);
    expect(printed).not.toContain("LEAK-NOTE");
    expect(printed).not.toContain("LEAK-TASK");
    expect(printed).not.toContain("LEAK-SAFEGUARDING");
  });

  it("includes partners-only notes when ticked, but never safeguarding details", async () => {
    const reply = await send("GET", `/chair/meetings/${meetingId}/pack?notes=include`, { cookie: chair });
    expect((reply.data as { included: boolean }).included).toBe(true);
    const printed = text(reply.data);
    expect(printed).toContain("LEAK-NOTE");
    expect(printed).toContain("LEAK-TASK");
    expect(printed).not.toContain("LEAK-SAFEGUARDING");
  });
});

describe("the partners' draft monthly report as printed", () => {
  it("leaves partners-only notes out unless ticked, and safeguarding details always", async () => {
    const path = `/reports/rotherham-south/${month}/draft`;
    const plain = text((await send("GET", path, { cookie: chair })).data);
    expect(plain).toContain(PUBLIC_UPDATE);
    expect(plain).not.toContain("LEAK-NOTE");
    expect(plain).not.toContain("LEAK-TASK");
    expect(plain).not.toContain("LEAK-SAFEGUARDING");
    const full = text((await send("GET", `${path}?notes=include`, { cookie: chair })).data);
    expect(full).toContain("LEAK-NOTE");
    expect(full).not.toContain("LEAK-SAFEGUARDING");
  });
});
