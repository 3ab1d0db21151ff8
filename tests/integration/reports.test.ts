// The monthly report: the chair reads the partners' version (generated on
// demand) and publishes it once; the public version holds nothing
// partners-only — tested with data that would leak — and stays as published.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { monthOf } from "~/domain/measures/measures";
import { monthlyReports, tasks, taskUpdates } from "~db/schema";
import {
  buildAgency,
  buildAssembly,
  buildBankHolidays,
  buildNeighbourhood,
  buildPriority,
  buildUser,
} from "../factories/build";
import { useTestDatabase } from "../setup/database";
import { cookieFor, send } from "../support/app-client";
import { useFixedClock } from "../support/clock";

const test = useTestDatabase();
useFixedClock();
const MONTH = monthOf(new Date());
const DRAFT = `/reports/rotherham-south/${MONTH}/draft`;
const PUBLIC = `/reports/rotherham-south/${MONTH}`;

/** Partners-only material that must never reach the public version. */
const SECRETS = [
  "K.T. (16)",
  "Cranworth Road",
  "children’s services",
  "J.B., aged 15",
  "YOT-MARKED-PUBLIC-BY-MISTAKE",
  "YOT-PUBLIC-UPDATE-MARKER",
  "PARTNERS-ONLY-TASK-TITLE",
  "PUBLIC-UPDATE-ON-PRIVATE-TASK",
  "PARTNERS-ONLY-UPDATE-ON-PUBLIC-TASK",
  "DECLINED-TASK-TITLE",
  "DECLINE-REASON-MARKER",
  "Partners only",
];

let chair = "";
let police = "";
let admin = "";

// Rotherham South (Sitwell) with one priority, Maynard Road, worked on this month
// by four partners: the police in public, with a public update and partners-only
// notes naming people and an address; the youth offending team (partners-only
// by default) on a task marked public by mistake; the council's ASB team on a
// partners-only task with a safeguarding referral; housing, who declined.
// Maltby is in another assembly. The chair chairs Rotherham South; the police
// officer works for the police; an admin.
beforeAll(async () => {
  const db = test.db;
  await buildBankHolidays(db);
  const south = await buildAssembly(db, { slug: "rotherham-south", name: "Rotherham South" });
  const sitwell = await buildNeighbourhood(db, { assemblyId: south.id, slug: "sitwell", name: "Sitwell" });
  await buildNeighbourhood(db, { slug: "maltby", name: "Maltby" });
  const policeTeam = await buildAgency(db, {
    kind: "police",
    name: "South Yorkshire Police neighbourhood team",
  });
  const youthOffending = await buildAgency(db, {
    kind: "youth_offending",
    name: "Youth Offending Team",
    defaultConfidentiality: "partners_only",
  });
  const asbTeam = await buildAgency(db, { kind: "council", name: "Council ASB team" });
  const housing = await buildAgency(db, { kind: "housing", name: "Housing" });
  const { priority: maynard } = await buildPriority(db, {
    neighbourhood: sitwell.id,
    title: "Youths causing damage at Maynard Road play area",
  });
  const base = {
    priorityId: maynard.id,
    acknowledgeBy: "2026-01-01",
    actionPlanDueBy: "2026-01-01",
    dueDate: "2099-01-01",
    // Offered (and, below, written) now on the pinned clock: left to the column defaults, the
    // PostgreSQL server would date them by its own (real) clock, outside the report's month.
    offeredAt: new Date(),
  };
  const [policeTask, yot, privateTask] = await db
    .insert(tasks)
    .values([
      {
        ...base,
        agencyId: policeTeam.id,
        title: "Joint operation at the play area",
        ask: "Run a joint operation in the evenings.",
        confidentiality: "public",
        status: "in_progress",
      },
      {
        ...base,
        agencyId: youthOffending.id,
        title: "YOT-MARKED-PUBLIC-BY-MISTAKE",
        ask: "Work with the young people.",
        confidentiality: "public",
        status: "in_progress",
      },
      {
        ...base,
        agencyId: asbTeam.id,
        title: "PARTNERS-ONLY-TASK-TITLE",
        ask: "Visit the family.",
        confidentiality: "partners_only",
        status: "in_progress",
      },
      {
        ...base,
        agencyId: housing.id,
        title: "DECLINED-TASK-TITLE",
        ask: "Check the tenancy.",
        status: "declined",
        declineReason: "DECLINE-REASON-MARKER",
      },
    ])
    .returning({ id: tasks.id });
  await db.insert(taskUpdates).values([
    {
      taskId: policeTask.id,
      body: "PUBLIC-UPDATE-MARKER: patrols twice a day.",
      visibility: "public",
      createdAt: base.offeredAt,
    },
    {
      taskId: policeTask.id,
      body: "PARTNERS-ONLY-UPDATE-ON-PUBLIC-TASK: K.T. (16) spoken to at home.",
      visibility: "partners_only",
      createdAt: base.offeredAt,
    },
    {
      taskId: policeTask.id,
      body: "Names of the four young people stopped passed to YOT; two known to children’s services. Sergeant Morgan to speak to parents at 12 Cranworth Road.",
      visibility: "partners_only",
      createdAt: base.offeredAt,
    },
    {
      taskId: yot.id,
      body: "YOT-PUBLIC-UPDATE-MARKER J.B., aged 15",
      visibility: "public",
      createdAt: base.offeredAt,
    },
    {
      taskId: privateTask.id,
      body: "PUBLIC-UPDATE-ON-PRIVATE-TASK",
      visibility: "public",
      createdAt: base.offeredAt,
    },
    {
      taskId: privateTask.id,
      body: "SAFEGUARDING-BODY-MARKER referral for a child",
      visibility: "partners_only",
      createdAt: base.offeredAt,
      safeguardingReferral: true,
    },
  ]);
  const chairOfSouth = await buildUser(db, { name: "Chris Chair", chairs: [south.id] });
  const officer = await buildUser(db, { name: "Sergeant Pat Morgan", agencies: [policeTeam.id] });
  const anAdmin = await buildUser(db, { name: "Alex Admin", isAdmin: true });
  chair = await cookieFor(chairOfSouth.email);
  police = await cookieFor(officer.email);
  admin = await cookieFor(anAdmin.email);
});

describe("monthly report", () => {
  it("is for the chair of the assembly and admins only", async () => {
    expect((await send("GET", DRAFT)).location).toMatch(/^\/login/);
    expect((await send("GET", DRAFT, { cookie: police })).status).toBe(403);
    expect((await send("GET", DRAFT, { cookie: admin })).status).toBe(200);
    expect(
      (await send("POST", DRAFT, { cookie: police, form: { intent: "publish", confirm: "yes" } })).status,
    ).toBe(403);
    expect((await send("GET", "/reports", { cookie: police })).status).toBe(403);
    expect((await send("GET", "/reports", { cookie: chair })).status).toBe(200);
  });

  it("shows the chair everything, partners-only work marked, safeguarding details left out", async () => {
    // With partners-only notes ticked in: the printout leaves them out by default (tests/integration/printouts).
    const reply = await send("GET", `${DRAFT}?notes=include`, { cookie: chair });
    expect(reply.status).toBe(200);
    const text = JSON.stringify(reply.data);
    expect(text).toContain("PUBLIC-UPDATE-MARKER");
    expect(text).toContain("PARTNERS-ONLY-UPDATE-ON-PUBLIC-TASK");
    expect(text).toContain("DECLINE-REASON-MARKER");
    expect(text).not.toContain("SAFEGUARDING-BODY-MARKER");
    const report = (
      reply.data as {
        report: {
          audience: string;
          priorities: Array<{ title: string; updates: Array<{ body: string; partnersOnly: boolean }> }>;
        };
      }
    ).report;
    expect(report.audience).toBe("partners");
    const maynard = report.priorities.find((p) => p.title.startsWith("Youths causing damage"));
    const privateUpdate = maynard?.updates.find((u) => u.body.startsWith("PARTNERS-ONLY-UPDATE"));
    expect(privateUpdate?.partnersOnly).toBe(true);
    expect(maynard?.updates.find((u) => u.body.startsWith("PUBLIC-UPDATE-MARKER"))?.partnersOnly).toBe(false);
  });

  it("is not public until published", async () => {
    expect((await send("GET", PUBLIC)).status).toBe(404);
  });

  it("publishes nothing until the chair confirms, and says plainly what will become public", async () => {
    const draft = await send("GET", DRAFT, { cookie: chair });
    const preview = (draft.data as { preview: Record<string, number> }).preview;
    // The Maynard Road priority has public work and partners-only work (added above).
    expect(preview.priorities).toBeGreaterThan(0);
    expect(preview.publicUpdates).toBeGreaterThan(0);
    expect(preview.partnersOnlyUpdates).toBeGreaterThan(0);
    expect(preview.declined).toBeGreaterThan(0);
    for (const form of [{ intent: "publish" }, { intent: "publish", confirm: "no" }] as Array<
      Record<string, string>
    >) {
      const refused = await send("POST", DRAFT, { cookie: chair, form });
      expect(refused.status).toBe(400);
      expect((refused.data as { fieldErrors: Record<string, string[]> }).fieldErrors.confirm?.[0]).toMatch(
        /Tick the box/,
      );
    }
    expect(await test.db.select().from(monthlyReports)).toHaveLength(0);
    expect((await send("GET", PUBLIC)).status).toBe(404);
    const list = (await send("GET", "/reports/rotherham-south")).data as {
      months: Array<{ month: string; publishedAt: unknown }>;
    };
    expect(list.months.find((m) => m.month === MONTH)?.publishedAt).toBeNull();
  });

  it("publishes once; the public version holds nothing partners-only and stays as published", async () => {
    const published = await send("POST", DRAFT, {
      cookie: chair,
      form: { intent: "publish", confirm: "yes" },
    });
    expect(published.status).toBe(302);
    expect(published.location).toBe(DRAFT);
    const reply = await send("GET", PUBLIC);
    expect(reply.status).toBe(200);
    const text = JSON.stringify(reply.data);
    expect(text).toContain("PUBLIC-UPDATE-MARKER");
    for (const secret of SECRETS) expect(text, secret).not.toContain(secret);
    expect(text).not.toContain("SAFEGUARDING-BODY-MARKER");

    // Later news does not rewrite the published report.
    const [policeTask] = await test.db
      .select({ id: tasks.id })
      .from(tasks)
      .where(eq(tasks.title, "PARTNERS-ONLY-TASK-TITLE"));
    await test.db
      .insert(taskUpdates)
      .values({ taskId: policeTask.id, body: "LATER-MARKER", visibility: "partners_only" });
    const draft = await send("GET", DRAFT, { cookie: chair });
    expect(JSON.stringify(draft.data)).not.toContain("LATER-MARKER");
    expect((draft.data as { published: unknown }).published).not.toBeNull();

    const again = await send("POST", DRAFT, { cookie: chair, form: { intent: "publish", confirm: "yes" } });
    expect(again.status).toBe(409);
    const rows = await test.db.select().from(monthlyReports);
    expect(rows).toHaveLength(1);

    const list = (await send("GET", "/reports/rotherham-south")).data as {
      months: Array<{ month: string; publishedAt: unknown }>;
    };
    expect(list.months.find((m) => m.month === MONTH)?.publishedAt).not.toBeNull();
  });

  it("is linked, once published, from the assembly's neighbourhood pages and from How we're doing", async () => {
    const link = { month: MONTH, url: PUBLIC };
    const neighbourhood = (await send("GET", "/neighbourhoods/sitwell")).data as { latestReport: unknown };
    expect(neighbourhood.latestReport).toMatchObject(link);
    // A neighbourhood of another assembly links no Rotherham South report.
    const maltby = (await send("GET", "/neighbourhoods/maltby")).data as { latestReport: unknown };
    expect(maltby.latestReport).toBeNull();
    const borough = (await send("GET", "/how-were-doing")).data as {
      latestReports: Record<string, unknown>;
    };
    expect(borough.latestReports).toEqual({ "rotherham-south": expect.objectContaining(link) });
    const assembly = (await send("GET", "/how-were-doing/rotherham-south")).data as { latestReport: unknown };
    expect(assembly.latestReport).toMatchObject(link);
    // The chair's list says which months are published and which are not yet.
    const home = (await send("GET", "/reports", { cookie: chair })).data as {
      assemblies: Array<{ slug: string; months: Array<{ month: string; published: boolean }> }>;
    };
    const months = home.assemblies.find((a) => a.slug === "rotherham-south")?.months ?? [];
    expect(months.filter((m) => m.published).map((m) => m.month)).toEqual([MONTH]);
    expect(months.filter((m) => !m.published)).toHaveLength(11);
  });

  it("refuses a month that has not started and an unknown assembly", async () => {
    const future = `/reports/rotherham-south/2999-01/draft`;
    expect((await send("GET", future, { cookie: chair })).status).toBe(404);
    expect(
      (await send("POST", future, { cookie: chair, form: { intent: "publish", confirm: "yes" } })).status,
    ).toBe(400);
    expect((await send("GET", "/reports/nowhere/2026-01/draft", { cookie: chair })).status).toBe(404);
    expect((await send("GET", `/reports/rotherham-south/2026-13`)).status).toBe(404);
  });
});
