// Demo data: a borough modelled on Rotherham's PACT-in-Area-Assemblies
// arrangement. Idempotent: reference data is upserted by natural key, and
// each demo priority (with its meetings, tasks and updates) is written only
// if its neighbourhood does not have it yet.
import { and, eq, sql } from "drizzle-orm";
import { addWorkingDays, ENGLAND_AND_WALES_BANK_HOLIDAYS, toIsoDate } from "../app/domain/core/deadlines";
import { actionPlanDueBy } from "../app/domain/lifecycle/tasks";
import { hashPassword } from "../app/lib/password.server";
import type { Database, Transaction } from "./client.server";
import * as t from "./schema";
import { onWorkingDay, seedHistory } from "./seed-history";

export const DEMO_PASSWORD = "pact-demo-2026";

type AgencySeed = typeof t.agencies.$inferInsert;

const ASSEMBLIES: Array<{
  slug: string;
  name: string;
  neighbourhoods: Array<{ slug: string; name: string; wards: string[]; districts: string[] }>;
}> = [
  {
    slug: "rother-valley-south",
    name: "Rother Valley South",
    neighbourhoods: [
      {
        slug: "anston-and-woodsetts",
        name: "Anston and Woodsetts",
        wards: ["Anston & Woodsetts"],
        districts: ["S25", "S81"],
      },
      { slug: "dinnington", name: "Dinnington", wards: ["Dinnington"], districts: ["S25"] },
      { slug: "wales", name: "Wales and Kiveton Park", wards: ["Wales"], districts: ["S26"] },
    ],
  },
  {
    slug: "rother-valley-west",
    name: "Rother Valley West",
    neighbourhoods: [
      { slug: "brinsworth", name: "Brinsworth and Catcliffe", wards: ["Brinsworth"], districts: ["S60"] },
      {
        slug: "aughton-and-swallownest",
        name: "Aughton and Swallownest",
        wards: ["Aughton & Swallownest"],
        districts: ["S26"],
      },
      { slug: "rother-vale", name: "Rother Vale", wards: ["Rother Vale"], districts: ["S13", "S60"] },
    ],
  },
  {
    slug: "rotherham-north",
    name: "Rotherham North",
    neighbourhoods: [
      { slug: "keppel", name: "Keppel", wards: ["Keppel"], districts: ["S61"] },
      { slug: "rotherham-west", name: "Rotherham West", wards: ["Rotherham West"], districts: ["S61"] },
      { slug: "greasbrough", name: "Greasbrough", wards: ["Greasbrough"], districts: ["S61"] },
    ],
  },
  {
    slug: "rotherham-south",
    name: "Rotherham South",
    neighbourhoods: [
      { slug: "herringthorpe", name: "Herringthorpe", wards: ["Rotherham East"], districts: ["S65"] },
      {
        slug: "boston-castle",
        name: "Boston Castle and Moorgate",
        wards: ["Boston Castle"],
        districts: ["S60"],
      },
      { slug: "sitwell", name: "Sitwell", wards: ["Sitwell"], districts: ["S60", "S66"] },
    ],
  },
  {
    slug: "wentworth-north",
    name: "Wentworth North",
    neighbourhoods: [
      { slug: "wath", name: "Wath upon Dearne", wards: ["Wath"], districts: ["S63"] },
      {
        slug: "swinton",
        name: "Swinton",
        wards: ["Swinton Rockingham", "Kilnhurst & Swinton East"],
        districts: ["S64"],
      },
      { slug: "hoober", name: "Hoober", wards: ["Hoober"], districts: ["S62", "S73"] },
    ],
  },
  {
    slug: "wentworth-south",
    name: "Wentworth South",
    neighbourhoods: [
      { slug: "rawmarsh", name: "Rawmarsh", wards: ["Rawmarsh East", "Rawmarsh West"], districts: ["S62"] },
      {
        slug: "dalton-and-thrybergh",
        name: "Dalton and Thrybergh",
        wards: ["Dalton & Thrybergh"],
        districts: ["S65"],
      },
    ],
  },
  {
    slug: "wentworth-valley",
    name: "Wentworth Valley",
    neighbourhoods: [
      { slug: "maltby", name: "Maltby", wards: ["Maltby East", "Hellaby & Maltby West"], districts: ["S66"] },
      {
        slug: "wickersley",
        name: "Wickersley",
        wards: ["Wickersley North", "Thurcroft & Wickersley South"],
        districts: ["S66"],
      },
    ],
  },
];

const AGENCIES: AgencySeed[] = [
  {
    slug: "syp-neighbourhood-team",
    name: "South Yorkshire Police neighbourhood team",
    kind: "police",
    inboxEmail: "neighbourhoods@police.example.org",
    publicContact: "Call 101, or 999 in an emergency.",
    acknowledgeWithinWorkingDays: 3,
  },
  ...[
    ["syp-rother-valley-team", "Rother Valley"],
    ["syp-rotherham-north-team", "Rotherham North"],
    ["syp-wentworth-team", "Wentworth"],
  ].map(([slug, area]) => ({
    slug,
    name: `South Yorkshire Police ${area} neighbourhood team`,
    kind: "police" as const,
    inboxEmail: `${slug}@police.example.org`,
    publicContact: "Call 101, or 999 in an emergency.",
    acknowledgeWithinWorkingDays: 3,
  })),
  {
    slug: "council-asb-team",
    name: "Council anti-social behaviour team",
    kind: "council",
    inboxEmail: "asb@council.example.org",
    publicContact: "Report anti-social behaviour on the council website or call 01709 000000.",
    acknowledgeWithinWorkingDays: 5,
  },
  {
    slug: "streetpride",
    name: "Streetpride (streets, parking and highways)",
    kind: "council",
    inboxEmail: "streetpride@council.example.org",
    publicContact: "Report a street problem on the council website.",
    acknowledgeWithinWorkingDays: 5,
  },
  {
    slug: "green-spaces",
    name: "Green Spaces (parks and play areas)",
    kind: "council",
    inboxEmail: "greenspaces@council.example.org",
    publicContact: "Report a problem in a park on the council website.",
    acknowledgeWithinWorkingDays: 5,
  },
  {
    slug: "trading-standards",
    name: "Trading Standards",
    kind: "trading_standards",
    inboxEmail: "tradingstandards@council.example.org",
    publicContact: "Report a trader through the Citizens Advice consumer helpline.",
    acknowledgeWithinWorkingDays: 5,
  },
  {
    slug: "youth-offending-team",
    name: "Youth Offending Team",
    kind: "youth_offending",
    inboxEmail: "yot@council.example.org",
    defaultConfidentiality: "partners_only",
    publicContact: "Contact through the council.",
    acknowledgeWithinWorkingDays: 5,
  },
  {
    slug: "housing",
    name: "Council Housing",
    kind: "housing",
    inboxEmail: "housing@council.example.org",
    publicContact: "Tenants can call their housing officer.",
    acknowledgeWithinWorkingDays: 5,
  },
  {
    slug: "fire-and-rescue",
    name: "South Yorkshire Fire and Rescue",
    kind: "fire",
    inboxEmail: "community-safety@fire.example.org",
    publicContact: "Book a free home safety check online.",
    acknowledgeWithinWorkingDays: 5,
  },
  {
    slug: "herringthorpe-residents",
    name: "Herringthorpe Residents’ Association",
    kind: "community_group",
    inboxEmail: "residents@herringthorpe.example.org",
    publicContact: "Meets on the first Monday of the month at the community centre.",
    acknowledgeWithinWorkingDays: 10,
  },
];

const CATEGORIES = [
  ["anti-social-behaviour", "Anti-social behaviour"],
  ["underage-drinking", "Underage drinking"],
  ["parking-and-traffic", "Parking and traffic"],
  ["litter-and-fly-tipping", "Litter and fly-tipping"],
  ["parks-and-play-areas", "Parks and play areas"],
  ["drugs", "Drugs"],
  ["speeding", "Speeding"],
  ["crime", "Burglary and theft"],
] as const;

const USERS = [
  { email: "admin@example.org", name: "Alex Admin", isAdmin: true },
  { email: "chair@example.org", name: "Chris Chair", isAdmin: false },
  { email: "police@example.org", name: "Sergeant Pat Morgan", isAdmin: false },
  { email: "asb@example.org", name: "Sam Ahmed", isAdmin: false },
  { email: "tradingstandards@example.org", name: "Terry Stone", isAdmin: false },
] as const;

export type SeedSummary = {
  assemblies: number;
  neighbourhoods: number;
  agencies: number;
  users: number;
  prioritiesAdded: number;
};

export async function seedDemo(
  database: Database,
  options: { now?: Date; log?: (line: string) => void; history?: boolean } = {},
): Promise<SeedSummary> {
  const now = options.now ?? new Date();
  const log = options.log ?? (() => {});
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return database.transaction(async (tx) => {
    log("Bank holidays and categories…");
    await tx
      .insert(t.bankHolidays)
      .values([...ENGLAND_AND_WALES_BANK_HOLIDAYS])
      .onConflictDoNothing();
    await tx
      .insert(t.categories)
      .values(CATEGORIES.map(([slug, name]) => ({ slug, name })))
      .onConflictDoUpdate({ target: t.categories.slug, set: { name: sql`excluded.name` } });

    log("Assemblies and neighbourhoods…");
    const assemblyIds = new Map<string, number>();
    const neighbourhoodIds = new Map<string, number>();
    for (const assembly of ASSEMBLIES) {
      const [row] = await tx
        .insert(t.assemblies)
        .values({
          slug: assembly.slug,
          name: assembly.name,
          description: `${assembly.name} Area Assembly, which holds the PACT meetings for its neighbourhoods.`,
        })
        .onConflictDoUpdate({ target: t.assemblies.slug, set: { name: sql`excluded.name` } })
        .returning({ id: t.assemblies.id });
      assemblyIds.set(assembly.slug, row.id);
      for (const n of assembly.neighbourhoods) {
        const [nrow] = await tx
          .insert(t.neighbourhoods)
          .values({
            assemblyId: row.id,
            slug: n.slug,
            name: n.name,
            wards: n.wards,
            postcodeDistricts: n.districts,
            policeForceId: "south-yorkshire",
            policeNeighbourhoodId: `demo-${n.slug}`,
          })
          .onConflictDoUpdate({ target: t.neighbourhoods.slug, set: { name: sql`excluded.name` } })
          .returning({ id: t.neighbourhoods.id });
        neighbourhoodIds.set(n.slug, nrow.id);
      }
    }

    log("Agencies…");
    const agencyIds = new Map<string, number>();
    for (const agency of AGENCIES) {
      const [row] = await tx
        .insert(t.agencies)
        .values(agency)
        .onConflictDoUpdate({ target: t.agencies.slug, set: { name: sql`excluded.name` } })
        .returning({ id: t.agencies.id });
      agencyIds.set(agency.slug, row.id);
    }

    log("Demo users…");
    const userIds = new Map<string, number>();
    for (const user of USERS) {
      const existing = await tx.query.users.findFirst({
        where: sql`lower(${t.users.email}) = ${user.email}`,
      });
      const id =
        existing?.id ??
        (
          await tx
            .insert(t.users)
            .values({ ...user, passwordHash })
            .returning({ id: t.users.id })
        )[0].id;
      userIds.set(user.email, id);
    }
    const member = (email: string, agency: string, role: "member" | "coordinator") =>
      tx
        .insert(t.agencyMemberships)
        .values({ userId: userIds.get(email) as number, agencyId: agencyIds.get(agency) as number, role })
        .onConflictDoNothing();
    await member("police@example.org", "syp-neighbourhood-team", "member");
    await member("asb@example.org", "council-asb-team", "coordinator");
    await member("tradingstandards@example.org", "trading-standards", "member");
    await tx
      .insert(t.assemblyChairs)
      .values({
        userId: userIds.get("chair@example.org") as number,
        assemblyId: assemblyIds.get("rotherham-south") as number,
      })
      .onConflictDoNothing();

    const holidays = new Set(ENGLAND_AND_WALES_BANK_HOLIDAYS.map((h) => h.day));
    const categoryIds = new Map(
      (await tx.select({ id: t.categories.id, slug: t.categories.slug }).from(t.categories)).map((c) => [
        c.slug,
        c.id,
      ]),
    );
    const story = new Story(tx, { now, holidays, agencyIds, categoryIds, userIds });

    log("Meetings…");
    for (const assembly of ASSEMBLIES) {
      await story.meetingsFor(
        assemblyIds.get(assembly.slug) as number,
        assembly.name,
        assembly.neighbourhoods.map((n) => neighbourhoodIds.get(n.slug) as number),
      );
    }

    log("Priorities, tasks and updates…");
    let prioritiesAdded = 0;
    prioritiesAdded += Number(await story.herringthorpe(neighbourhoodIds.get("herringthorpe") as number));
    prioritiesAdded += Number(await story.queensway(neighbourhoodIds.get("boston-castle") as number));
    prioritiesAdded += Number(await story.maynardRoad(neighbourhoodIds.get("sitwell") as number));
    prioritiesAdded += Number(await story.onlineConcerns(neighbourhoodIds.get("herringthorpe") as number));

    log("A year of history for every assembly…");
    const history =
      options.history === false
        ? { meetings: 0, priorities: 0, tasks: 0, reports: 0 }
        : await seedHistory(
            tx,
            ASSEMBLIES.map((a) => ({
              id: assemblyIds.get(a.slug) as number,
              slug: a.slug,
              name: a.name,
              neighbourhoods: a.neighbourhoods.map((n) => ({
                id: neighbourhoodIds.get(n.slug) as number,
                name: n.name,
                maxActive: 3,
              })),
            })),
            { now, holidays, agencyIds, categoryIds },
            log,
          );
    prioritiesAdded += history.priorities;

    const summary: SeedSummary = {
      assemblies: assemblyIds.size,
      neighbourhoods: neighbourhoodIds.size,
      agencies: agencyIds.size,
      users: userIds.size,
      prioritiesAdded,
    };
    log(
      `Seeded ${summary.assemblies} assemblies, ${summary.neighbourhoods} neighbourhoods, ${summary.agencies} agencies, ${summary.users} users; ${prioritiesAdded} new demo priorities, ${history.meetings} past meetings, ${history.tasks} tasks and ${history.reports} published monthly reports.`,
    );
    return summary;
  });
}

type Figure = { label: string; value: number; unit?: string };
type UpdateSeed = {
  daysAgo: number;
  body: string;
  visibility?: "public" | "partners_only";
  figures?: Figure[];
  safeguarding?: boolean;
  author?: string;
};
type TaskSeed = {
  agency: string;
  title: string;
  ask: string;
  status: (typeof t.taskStatuses)[number];
  offeredDaysAgo: number;
  dueInDays: number;
  confidentiality?: "public" | "partners_only";
  actionPlan?: string;
  outcome?: string;
  residentsAsked?: boolean;
  updates?: UpdateSeed[];
  assignee?: string;
};

class Story {
  constructor(
    private tx: Transaction,
    private ctx: {
      now: Date;
      holidays: Set<string>;
      agencyIds: Map<string, number>;
      categoryIds: Map<string, number>;
      userIds: Map<string, number>;
    },
  ) {}

  private daysFromNow(days: number) {
    return new Date(this.ctx.now.getTime() + days * 86_400_000);
  }
  private day(days: number) {
    return toIsoDate(this.daysFromNow(days));
  }
  private at(days: number, hour: number) {
    const d = this.daysFromNow(days);
    d.setUTCHours(hour, 0, 0, 0);
    return d;
  }

  private meetingIdsByAssembly = new Map<number, { past: number; older: number; next: number }>();

  async meetingsFor(assemblyId: number, assemblyName: string, neighbourhoodIds: number[]) {
    const existing = await this.tx
      .select({ id: t.meetings.id, startsAt: t.meetings.startsAt })
      .from(t.meetings)
      .where(eq(t.meetings.assemblyId, assemblyId))
      .orderBy(t.meetings.startsAt);
    if (existing.length >= 3) {
      const now = this.ctx.now.getTime();
      const past = existing.filter((m) => m.startsAt.getTime() < now);
      const future = existing.filter((m) => m.startsAt.getTime() >= now);
      this.meetingIdsByAssembly.set(assemblyId, {
        older: past[0]?.id ?? existing[0].id,
        past: past[past.length - 1]?.id ?? existing[0].id,
        next: future[0]?.id ?? existing[existing.length - 1].id,
      });
      return;
    }
    const insert = async (values: Omit<typeof t.meetings.$inferInsert, "assemblyId">) => {
      const [row] = await this.tx
        .insert(t.meetings)
        .values({ assemblyId, ...values })
        .returning({ id: t.meetings.id });
      await this.tx
        .insert(t.meetingNeighbourhoods)
        .values(neighbourhoodIds.map((neighbourhoodId) => ({ meetingId: row.id, neighbourhoodId })));
      return row.id;
    };
    const venue = `${assemblyName} Community Centre`;
    const common = {
      kind: "pact" as const,
      venue,
      address: "Main Street",
      accessibilityNote: "Step-free access, hearing loop and accessible toilet.",
    };
    const older = await insert({
      ...common,
      title: `${assemblyName} PACT meeting`,
      startsAt: this.at(-150, 18),
      endsAt: this.at(-150, 20),
      status: "held",
      attendance: 34,
      publicSummary:
        "Residents raised underage drinking on the playing fields, parking near the hospital and youths gathering at a play area. Three priorities were agreed.",
      whatsWorking:
        "The new street lighting on the estate has made evening walks feel safer. Volunteers from the residents’ association now run a monthly litter pick.",
      minutesReference: "Minutes published on the council website.",
      publishedAt: this.at(-148, 9),
    });
    const past = await insert({
      ...common,
      kind: "area_assembly",
      title: `${assemblyName} Area Assembly`,
      startsAt: this.at(-40, 18),
      endsAt: this.at(-40, 20),
      status: "held",
      attendance: 27,
      publicSummary:
        "Partners reported back on each priority. The playing fields priority was agreed as resolved; parking moved to monitoring while the residents-only scheme is set up.",
      whatsWorking: "Young people from the youth club helped design the new play area signs.",
      minutesReference: "Minutes published on the council website.",
      publishedAt: this.at(-38, 9),
    });
    const next = await insert({
      ...common,
      title: `${assemblyName} PACT meeting`,
      startsAt: this.at(21, 18),
      endsAt: this.at(21, 20),
      status: "scheduled",
    });
    this.meetingIdsByAssembly.set(assemblyId, { older, past, next });
  }

  private async assemblyOf(neighbourhoodId: number) {
    const [row] = await this.tx
      .select({ assemblyId: t.neighbourhoods.assemblyId })
      .from(t.neighbourhoods)
      .where(eq(t.neighbourhoods.id, neighbourhoodId));
    return this.meetingIdsByAssembly.get(row.assemblyId) as { past: number; older: number; next: number };
  }

  private async priority(
    neighbourhoodId: number,
    values: {
      title: string;
      youSaid: string;
      category: string;
      status: (typeof t.priorityStatuses)[number];
      outcomeSummary?: string;
      /** "Has it got better?" answers as the closing review counted them. */
      improvementCounts?: t.ImprovementCounts;
      concerns: Array<{
        wording: string;
        location: string;
        contact?: { name: string; email?: string; phone?: string };
      }>;
      tasks: TaskSeed[];
    },
  ): Promise<boolean> {
    const already = await this.tx.query.priorities.findFirst({
      where: and(eq(t.priorities.neighbourhoodId, neighbourhoodId), eq(t.priorities.title, values.title)),
    });
    if (already) return false;
    const meetings = await this.assemblyOf(neighbourhoodId);
    const categoryId = this.ctx.categoryIds.get(values.category) ?? null;
    const closed = values.status === "resolved";
    const [priority] = await this.tx
      .insert(t.priorities)
      .values({
        neighbourhoodId,
        categoryId,
        agreedAtMeetingId: meetings.older,
        title: values.title,
        youSaid: values.youSaid,
        status: values.status,
        agreedOn: this.day(-150),
        reviewDate: closed ? this.day(-40) : this.day(21),
        outcomeSummary: values.outcomeSummary,
        improvementCounts: values.improvementCounts ?? null,
        closedAt: closed ? this.at(-40, 20) : null,
        createdAt: this.at(-150, 20),
      })
      .returning({ id: t.priorities.id });

    for (const concern of values.concerns) {
      const [row] = await this.tx
        .insert(t.concerns)
        .values({
          neighbourhoodId,
          categoryId,
          raisedAtMeetingId: meetings.older,
          source: "meeting",
          publicWording: concern.wording,
          originalWording: concern.wording,
          location: concern.location,
          contactName: concern.contact?.name,
          contactEmail: concern.contact?.email,
          contactPhone: concern.contact?.phone,
          status: "adopted",
          moderatedAt: this.at(-150, 20),
          createdAt: this.at(-150, 19),
        })
        .returning({ id: t.concerns.id });
      await this.tx.insert(t.priorityConcerns).values({ priorityId: priority.id, concernId: row.id });
    }

    for (const task of values.tasks) {
      const agencyId = this.ctx.agencyIds.get(task.agency) as number;
      const agency = await this.tx.query.agencies.findFirst({ where: eq(t.agencies.id, agencyId) });
      const offeredOn = this.day(-task.offeredDaysAgo);
      const accepted = task.status !== "offered" && task.status !== "declined";
      const done = task.status === "done";
      const [row] = await this.tx
        .insert(t.tasks)
        .values({
          priorityId: priority.id,
          agencyId,
          assigneeUserId: task.assignee ? this.ctx.userIds.get(task.assignee) : null,
          title: task.title,
          ask: task.ask,
          confidentiality: task.confidentiality ?? agency?.defaultConfidentiality ?? "public",
          status: task.status,
          offeredAt: this.at(-task.offeredDaysAgo, 10),
          acknowledgeBy: addWorkingDays(
            offeredOn,
            agency?.acknowledgeWithinWorkingDays ?? 5,
            this.ctx.holidays,
          ),
          actionPlanDueBy: actionPlanDueBy(offeredOn),
          // The same rule as the form: work is due on a working day.
          dueDate: onWorkingDay(this.day(task.dueInDays), this.ctx.holidays),
          actionPlan: accepted ? (task.actionPlan ?? "Plan agreed with the chair.") : null,
          actionPlanSubmittedAt: accepted ? this.at(-task.offeredDaysAgo + 2, 10) : null,
          acceptedAt: accepted ? this.at(-task.offeredDaysAgo + 1, 10) : null,
          outcomeSummary: done ? task.outcome : null,
          residentsAsked: done ? (task.residentsAsked ?? false) : null,
          completedAt: done ? this.at(-45, 12) : null,
          createdAt: this.at(-task.offeredDaysAgo, 10),
        })
        .returning({ id: t.tasks.id });
      const updates = [...(task.updates ?? [])];
      if (done && task.outcome) {
        updates.push({
          daysAgo: 45,
          body: task.outcome,
          visibility: task.confidentiality === "partners_only" ? "partners_only" : "public",
        });
      }
      for (const update of updates) {
        const createdAt = this.at(-update.daysAgo, 14);
        const vis = update.visibility ?? "public";
        const isOutcome = done && update.body === task.outcome;
        const [u] = await this.tx
          .insert(t.taskUpdates)
          .values({
            taskId: row.id,
            authorUserId: update.author ? this.ctx.userIds.get(update.author) : null,
            body: update.body,
            visibility: vis,
            safeguardingReferral: update.safeguarding ?? false,
            isOutcome,
            statusChange: isOutcome ? "done" : null,
            residentsAsked: isOutcome ? (task.residentsAsked ?? false) : null,
            createdAt,
          })
          .returning({ id: t.taskUpdates.id });
        if (update.figures?.length) {
          await this.tx.insert(t.updateFigures).values(
            update.figures.map((f, position) => ({
              updateId: u.id,
              label: f.label,
              value: f.value,
              unit: f.unit ?? "",
              position,
            })),
          );
        }
      }
    }
    return true;
  }

  herringthorpe(neighbourhoodId: number) {
    return this.priority(neighbourhoodId, {
      title: "Underage drinking on Herringthorpe Playing Fields",
      youSaid:
        "Groups of young people are drinking on Herringthorpe Playing Fields on Friday and Saturday evenings, leaving broken glass and making residents feel unsafe using the path.",
      category: "underage-drinking",
      status: "resolved",
      outcomeSummary:
        "Evening drinking on the fields has stopped being a regular problem: patrols found no groups drinking on the last six visits, the shops that sold alcohol to under-18s were dealt with, and the broken fencing is replaced.",
      improvementCounts: { better: 14, no_change: 4, worse: 1, not_sure: 2 },
      concerns: [
        {
          wording:
            "Young people drinking on the playing fields at weekends, with broken bottles left by the path.",
          location: "Herringthorpe Playing Fields, path from Herringthorpe Valley Road",
          contact: { name: "Margaret Hollis", email: "margaret.hollis@example.net", phone: "07700 900123" },
        },
        {
          wording: "Off-licences near the fields are selling alcohol to teenagers.",
          location: "Shops on Wickersley Road",
          contact: { name: "Dev Patel", phone: "07700 900456" },
        },
      ],
      tasks: [
        {
          agency: "syp-neighbourhood-team",
          title: "Evening patrols on the playing fields",
          ask: "Patrol the fields on Friday and Saturday evenings for eight weeks and seize alcohol from under-18s.",
          status: "done",
          offeredDaysAgo: 148,
          dueInDays: -60,
          assignee: "police@example.org",
          actionPlan:
            "Two PCSOs on the fields 7pm–10pm Fridays and Saturdays; seize alcohol; refer repeat names to the YOT.",
          outcome:
            "Eight weeks of weekend patrols are finished. On the last six visits officers found no groups drinking.",
          residentsAsked: true,
          updates: [
            {
              daysAgo: 120,
              body: "Weekend patrols started. Alcohol was taken from groups of young people on three evenings.",
              figures: [
                { label: "patrols", value: 12 },
                { label: "alcohol seized", value: 31, unit: "litres" },
              ],
              author: "police@example.org",
            },
            {
              daysAgo: 118,
              body: "Names of the four young people stopped on 14th passed to YOT; two known to children’s services. Sergeant Morgan to speak to parents at 12 Cranworth Road.",
              visibility: "partners_only",
              author: "police@example.org",
            },
            {
              daysAgo: 90,
              body: "Patrols continued. Much quieter on the fields since the test purchases.",
              figures: [
                { label: "patrols", value: 16 },
                { label: "alcohol seized", value: 6, unit: "litres" },
              ],
              author: "police@example.org",
            },
          ],
        },
        {
          agency: "youth-offending-team",
          title: "Joint operation with the neighbourhood team",
          ask: "Work with the neighbourhood team on the young people stopped on the fields.",
          status: "done",
          offeredDaysAgo: 148,
          dueInDays: -70,
          confidentiality: "partners_only",
          outcome:
            "Both young people (J.B., aged 15, and his cousin) completed the prevention programme; no further incidents recorded.",
          updates: [
            {
              daysAgo: 110,
              body: "Safeguarding referral made to children’s services for one young person (aged 14) seen drinking on three occasions.",
              visibility: "partners_only",
              safeguarding: true,
            },
          ],
        },
        {
          agency: "trading-standards",
          title: "Test purchases at off-licences near the fields",
          ask: "Run test purchases at premises near the fields and act on any sales to under-18s.",
          status: "done",
          offeredDaysAgo: 148,
          dueInDays: -75,
          assignee: "tradingstandards@example.org",
          outcome:
            "Test purchases were made at 8 premises; 3 failed and sold alcohol to a young volunteer. All three have been warned and their licences reviewed.",
          updates: [
            {
              daysAgo: 100,
              body: "Test purchase operation carried out with police cadets.",
              figures: [
                { label: "premises tested", value: 8 },
                { label: "premises failed test purchases", value: 3 },
              ],
              author: "tradingstandards@example.org",
            },
          ],
        },
        {
          agency: "green-spaces",
          title: "Repair the fencing and gate",
          ask: "Replace the broken fencing on the Herringthorpe Valley Road side and fit a gate that closes.",
          status: "done",
          offeredDaysAgo: 148,
          dueInDays: -50,
          outcome:
            "New fencing and a self-closing gate are in place along the Herringthorpe Valley Road side.",
          updates: [
            {
              daysAgo: 60,
              body: "Fencing replaced and broken glass cleared.",
              figures: [
                { label: "fencing replaced", value: 120, unit: "metres" },
                { label: "items removed", value: 14, unit: "bags of glass and litter" },
              ],
            },
          ],
        },
      ],
    });
  }

  queensway(neighbourhoodId: number) {
    return this.priority(neighbourhoodId, {
      title: "Obstructive parking on Queensway",
      youSaid:
        "Cars parked on both kerbs of Queensway near the hospital block driveways and stop buses and bin lorries getting through.",
      category: "parking-and-traffic",
      status: "monitoring",
      concerns: [
        {
          wording: "Hospital visitors park across driveways on Queensway all day.",
          location: "Queensway, near the hospital entrance",
          contact: { name: "Graham Fletcher", email: "g.fletcher@example.net" },
        },
      ],
      tasks: [
        {
          agency: "syp-neighbourhood-team",
          title: "Warning notices for obstructive parking",
          ask: "Leave warning notices on cars that block driveways or the footway.",
          status: "done",
          offeredDaysAgo: 148,
          dueInDays: -90,
          outcome: "Warning notices were left on obstructing cars over four weeks before enforcement began.",
          updates: [
            {
              daysAgo: 130,
              body: "Warning notices issued during morning and afternoon visits.",
              figures: [{ label: "warning notices issued", value: 42 }],
            },
          ],
        },
        {
          agency: "streetpride",
          title: "Enforcement and a residents-only parking scheme",
          ask: "Enforce parking restrictions, then design a residents-only scheme with the hospital.",
          status: "in_progress",
          offeredDaysAgo: 148,
          dueInDays: 45,
          actionPlan:
            "Civil enforcement officers on Queensway twice a week; consult residents and the hospital on a permit scheme.",
          updates: [
            {
              daysAgo: 95,
              body: "Civil enforcement officers patrolled Queensway twice a week.",
              figures: [{ label: "fixed penalty notices issued", value: 16 }],
            },
            {
              daysAgo: 30,
              body: "The hospital has agreed to a residents-only parking scheme. Consultation letters go to every household next month.",
              figures: [{ label: "households to be consulted", value: 86 }],
            },
          ],
        },
      ],
    });
  }

  maynardRoad(neighbourhoodId: number) {
    return this.priority(neighbourhoodId, {
      title: "Youths causing damage at Maynard Road play area",
      youSaid:
        "Older youths gather in the Maynard Road play area in the evenings, damaging equipment and intimidating parents with young children.",
      category: "anti-social-behaviour",
      status: "active",
      concerns: [
        {
          wording: "Teenagers damaging the swings and shouting at parents at Maynard Road play area.",
          location: "Maynard Road play area",
          contact: { name: "Linda Shaw", email: "linda.shaw@example.net", phone: "07700 900789" },
        },
      ],
      tasks: [
        {
          agency: "syp-neighbourhood-team",
          title: "Joint operation at the play area",
          ask: "Run a joint operation with the youth offending team in the evenings.",
          status: "in_progress",
          offeredDaysAgo: 40,
          dueInDays: 30,
          assignee: "police@example.org",
          updates: [
            {
              daysAgo: 25,
              body: "Joint evening operation with the youth offending team.",
              figures: [{ label: "stop and checks", value: 16 }],
              author: "police@example.org",
            },
          ],
        },
        {
          agency: "council-asb-team",
          title: "Warning letters and acceptable behaviour contracts",
          ask: "Send warning letters and agree acceptable behaviour contracts with the young people identified.",
          status: "in_progress",
          offeredDaysAgo: 40,
          dueInDays: 20,
          assignee: "asb@example.org",
          updates: [
            {
              daysAgo: 20,
              body: "Warning letters sent and contracts agreed with families.",
              figures: [
                { label: "warning letters", value: 7 },
                { label: "acceptable behaviour contracts", value: 7 },
              ],
              author: "asb@example.org",
            },
            {
              daysAgo: 18,
              body: "ABC signed by K.T. (16) at home with mum; brother also named by neighbours.",
              visibility: "partners_only",
              author: "asb@example.org",
            },
          ],
        },
        {
          agency: "green-spaces",
          title: "Repair the play equipment",
          ask: "Repair the damaged swings and roundabout.",
          status: "accepted",
          offeredDaysAgo: 40,
          dueInDays: 10,
          actionPlan: "Parts ordered; contractor booked.",
        },
        {
          agency: "trading-standards",
          title: "Check shops for sales of alcohol and nitrous oxide",
          ask: "Visit shops near Maynard Road about age-restricted sales.",
          status: "offered",
          offeredDaysAgo: 2,
          dueInDays: 40,
        },
        {
          agency: "fire-and-rescue",
          title: "Diversionary activity for young people",
          ask: "Offer a fire cadets taster evening for young people who use the play area.",
          status: "offered",
          offeredDaysAgo: 3,
          dueInDays: 45,
        },
      ],
    });
  }

  async onlineConcerns(neighbourhoodId: number): Promise<boolean> {
    const wording = "Fly-tipping behind the shops on Herringthorpe Avenue is getting worse.";
    const already = await this.tx.query.concerns.findFirst({
      where: and(eq(t.concerns.neighbourhoodId, neighbourhoodId), eq(t.concerns.originalWording, wording)),
    });
    if (already) return false;
    await this.tx.insert(t.concerns).values({
      neighbourhoodId,
      categoryId: this.ctx.categoryIds.get("litter-and-fly-tipping"),
      source: "online",
      publicWording: wording,
      originalWording: wording,
      location: "Herringthorpe Avenue",
      contactName: "Online Resident",
      contactEmail: "resident.online@example.net",
      status: "new",
      createdAt: this.at(-1, 9),
    });
    return false;
  }
}
