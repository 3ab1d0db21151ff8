// A year of demo history for every assembly: a PACT meeting each month with
// concerns, priorities agreed, tasks offered, accepted (some late), declined
// and re-offered, updated with figures, finished, reviewed and closed, some
// overdue; and the monthly reports published. Generated from a seeded PRNG, so
// the same day gives the same data, with dates relative to `now`. Written
// directly (a domain call per row would take minutes), so every date comes
// from the rules the forms use (app/domain/core/deadlines.ts, offerDeadlines,
// threeMonthsAfter) and tests/integration/seed-history.test.ts checks them.
import { count, eq, sql } from "drizzle-orm";
import {
  addCalendarDays,
  addWorkingDays,
  type IsoDate,
  isWorkingDay,
  toIsoDate,
} from "../app/domain/core/deadlines";
import { addMonths, firstDayOf, type Month, monthOf } from "../app/domain/measures/measures";
import { londonDateTime } from "../app/domain/meetings/meetings";
import { buildMonthlyReport, shareReportReads } from "../app/domain/reports/reports";
import { offerDeadlines } from "../app/domain/tasks/chair-tasks";
import { rowsOf, type Transaction } from "./client.server";
import * as t from "./schema";

export type HistoryPlace = {
  id: number;
  slug: string;
  name: string;
  neighbourhoods: Array<{ id: number; name: string; maxActive: number }>;
};

export type HistoryContext = {
  now: Date;
  holidays: ReadonlySet<IsoDate>;
  agencyIds: Map<string, number>;
  categoryIds: Map<string, number>;
};

export const HISTORY_MONTHS = 12;
/** A report is published for each month of the history. */
export const PUBLISHED_REPORT_MONTHS = HISTORY_MONTHS;

/** A small seeded PRNG (mulberry32): the same seed gives the same demo. */
function random(seed: string) {
  let a = [...seed].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261) >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
    chance: (p: number) => next() < p,
  };
}
type Random = ReturnType<typeof random>;

const STREETS = [
  "Church Street",
  "Station Road",
  "Mill Lane",
  "High Street",
  "Green Lane",
  "School Road",
  "Victoria Road",
  "Park Avenue",
  "Chapel Walk",
  "Manor Road",
];

type TaskTheme = {
  agency: string;
  title: string;
  ask: string;
  update: string;
  figure: string;
  unit?: string;
  outcome: string;
};
type Theme = {
  category: string;
  title: (street: string) => string;
  concern: (street: string) => string;
  youSaid: (street: string) => string;
  tasks: TaskTheme[];
  resolved: string;
};

const THEMES: Theme[] = [
  {
    category: "speeding",
    title: (s) => `Speeding on ${s}`,
    concern: (s) => `Cars speed along ${s} when children are walking to school.`,
    youSaid: (s) => `Drivers speed along ${s}, especially at school start and finish times.`,
    tasks: [
      {
        agency: "area-police",
        title: "Speed checks at school times",
        ask: "Run speed checks at school start and finish times for six weeks.",
        update: "Speed checks carried out with the community speed watch volunteers.",
        figure: "drivers warned",
        outcome: "Speed checks finished; fewer drivers were over the limit on each visit.",
      },
      {
        agency: "streetpride",
        title: "Traffic survey and signs",
        ask: "Count traffic and speeds, and put up speed indicator signs.",
        update: "Traffic counter in place for two weeks; speed signs ordered.",
        figure: "vehicles counted",
        outcome: "Two speed indicator signs are up and the survey is shared with residents.",
      },
    ],
    resolved: "Average speeds are down and residents report feeling safer crossing at school times.",
  },
  {
    category: "litter-and-fly-tipping",
    title: (s) => `Fly-tipping behind ${s}`,
    concern: (s) => `Rubbish keeps being dumped in the lane behind ${s}.`,
    youSaid: (s) => `Household rubbish and furniture are dumped in the lane behind ${s}.`,
    tasks: [
      {
        agency: "streetpride",
        title: "Clear the lane and watch for fly-tippers",
        ask: "Clear the lane, then check it weekly and look for evidence of who dumps there.",
        update: "Lane cleared and weekly checks started.",
        figure: "bags of waste removed",
        outcome: "The lane is clear and has stayed clear for a month.",
      },
      {
        agency: "housing",
        title: "Remind tenants about bulky waste collections",
        ask: "Write to tenants nearby about free bulky waste collections.",
        update: "Letters delivered to tenants nearby.",
        figure: "letters delivered",
        outcome: "Bulky waste collections booked by tenants went up after the letters.",
      },
    ],
    resolved: "The lane has stayed clear since the clean-up and the new checks.",
  },
  {
    category: "anti-social-behaviour",
    title: (s) => `Youths gathering on ${s}`,
    concern: (s) => `Groups of teenagers gather on ${s} late at night, shouting and kicking doors.`,
    youSaid: (s) => `Young people gather on ${s} late in the evening and residents feel intimidated.`,
    tasks: [
      {
        agency: "area-police",
        title: "Evening patrols",
        ask: "Patrol the area on Friday and Saturday evenings and speak to the young people.",
        update: "Evening patrols carried out; young people moved on and spoken to.",
        figure: "patrols",
        outcome: "Patrols finished; the group no longer gathers there most evenings.",
      },
      {
        agency: "youth-offending-team",
        title: "Diversion work with the young people named",
        ask: "Offer diversion sessions to the young people the police name.",
        update: "Sessions offered to the young people named by the police.",
        figure: "sessions held",
        outcome: "The young people named took part in the sessions.",
      },
      {
        agency: "fire-and-rescue",
        title: "Fire cadets taster evenings",
        ask: "Run taster evenings for young people in the area.",
        update: "Taster evening held at the fire station.",
        figure: "young people attended",
        outcome: "Taster evenings held; several young people joined the cadets.",
      },
    ],
    resolved: "Residents report the evenings are quieter and the group no longer gathers there.",
  },
  {
    category: "parking-and-traffic",
    title: (s) => `Pavement parking on ${s}`,
    concern: (s) => `Cars park on the pavement on ${s} and prams and wheelchairs cannot get past.`,
    youSaid: (s) =>
      `Cars parked on the pavement on ${s} force people with prams and wheelchairs into the road.`,
    tasks: [
      {
        agency: "streetpride",
        title: "Parking enforcement visits",
        ask: "Visit at busy times and enforce the parking restrictions.",
        update: "Civil enforcement officers visited at busy times.",
        figure: "penalty charge notices issued",
        outcome: "Regular enforcement visits have cleared the pavement at busy times.",
      },
      {
        agency: "area-police",
        title: "Warning notices for obstruction",
        ask: "Leave warning notices on cars that block the pavement completely.",
        update: "Warning notices left on obstructing cars.",
        figure: "warning notices issued",
        outcome: "Warning notices issued; repeat offenders have stopped.",
      },
    ],
    resolved: "The pavement is clear at busy times since enforcement started.",
  },
  {
    category: "parks-and-play-areas",
    title: (s) => `Damaged play area off ${s}`,
    concern: (s) => `The play area off ${s} has broken swings and litter every morning.`,
    youSaid: (s) =>
      `The play area off ${s} has broken equipment and litter, and parents have stopped using it.`,
    tasks: [
      {
        agency: "green-spaces",
        title: "Repair the play equipment",
        ask: "Repair the swings and clear litter daily for a month.",
        update: "Swings repaired and daily litter picks started.",
        figure: "items repaired",
        outcome: "Equipment repaired and the play area is cleaned daily.",
      },
      {
        agency: "area-police",
        title: "Evening visits to the play area",
        ask: "Visit the play area in the evenings for four weeks.",
        update: "Evening visits made; no damage seen on most visits.",
        figure: "patrols",
        outcome: "Evening visits finished with no further damage reported.",
      },
    ],
    resolved: "The play area is repaired and families are using it again.",
  },
  {
    category: "drugs",
    title: (s) => `Drug dealing near ${s}`,
    concern: (s) => `People are dealing drugs from cars parked on ${s} in the evenings.`,
    youSaid: (s) => `Residents see drug dealing from parked cars on ${s} in the evenings.`,
    tasks: [
      {
        agency: "area-police",
        title: "Intelligence-led operation",
        ask: "Gather intelligence and act on the dealing reported.",
        update: "Operation under way; vehicles stopped and searched.",
        figure: "vehicles searched",
        outcome: "Operation finished; two people were charged and the dealing has stopped.",
      },
      {
        agency: "housing",
        title: "Tenancy enforcement",
        ask: "Act on any council tenancies linked to the dealing.",
        update: "Tenancy warnings issued where tenants were involved.",
        figure: "tenancy warnings issued",
        outcome: "Tenancy warnings issued; no further reports from the flats.",
      },
    ],
    resolved: "No dealing has been reported on the street for two months.",
  },
  {
    category: "crime",
    title: (s) => `Sheds broken into on ${s}`,
    concern: (s) => `Several garden sheds on ${s} have been broken into and tools taken.`,
    youSaid: (s) => `Garden sheds on ${s} are being broken into and tools stolen.`,
    tasks: [
      {
        agency: "area-police",
        title: "Crime prevention visits",
        ask: "Visit homes nearby with crime prevention advice and shed alarms.",
        update: "Crime prevention visits made and shed alarms handed out.",
        figure: "homes visited",
        outcome: "Visits finished and no further break-ins reported since.",
      },
      {
        agency: "fire-and-rescue",
        title: "Home safety checks",
        ask: "Offer home safety checks on the same visits.",
        update: "Home safety checks carried out alongside the police visits.",
        figure: "home safety checks",
        outcome: "Home safety checks done; smoke alarms fitted where needed.",
      },
    ],
    resolved: "No shed break-ins have been reported since the crime prevention visits.",
  },
];

const WHATS_WORKING = [
  "Volunteers now run a monthly litter pick and more residents join each time.",
  "The new street lighting has made evening walks feel safer.",
  "The youth club’s Friday sessions are full every week.",
  "Neighbours have started a WhatsApp group to look out for each other.",
  "The community speed watch group has trained six new volunteers.",
  "The park friends group planted bulbs along the path with the primary school.",
];

const ANSWERS = [
  "The neighbourhood team explained how to report this on 101 and online, and will share the figures next month.",
  "Streetpride explained the repair is already booked for next month.",
  "Partners explained this is dealt with through the council’s normal reporting line.",
];
const NOT_ADOPTED = [
  "Partners agreed this is not a pattern yet; residents will report each incident so it can be tracked.",
  "Already covered by a current priority for the neighbourhood.",
];
const DECLINES: Record<string, [string, string]> = {
  streetpride: ["This is housing land, not highway.", "housing"],
  housing: ["These are private rentals, not council homes.", "streetpride"],
  "fire-and-rescue": ["No capacity this quarter.", "green-spaces"],
  "green-spaces": ["The land is not a council park.", "streetpride"],
  "youth-offending-team": ["None of the young people are open to the service.", "fire-and-rescue"],
  "area-police": ["This is a parking matter for the council.", "streetpride"],
};

/** Each area's police neighbourhood team (the chair's own assembly has the hand-written story). */
export const AREA_POLICE: Record<string, string> = {
  "rother-valley-south": "syp-rother-valley-team",
  "rother-valley-west": "syp-rother-valley-team",
  "rotherham-north": "syp-rotherham-north-team",
  "wentworth-north": "syp-wentworth-team",
  "wentworth-south": "syp-wentworth-team",
  "wentworth-valley": "syp-wentworth-team",
};

type MeetingRow = { id: number; day: IsoDate; startsAt: Date; endsAt: Date };
type Plan = "resolved" | "closed" | "referred" | "monitoring" | "active";

const at = (day: IsoDate, time: string) => londonDateTime(day, time);

/** The first working day on or after `day`. */
export function onWorkingDay(day: IsoDate, holidays: ReadonlySet<IsoDate>): IsoDate {
  let d = day;
  while (!isWorkingDay(d, holidays)) d = addCalendarDays(d, 1);
  return d;
}

/** The month's PACT evening: its first Tuesday that is a working day. */
function meetingDay(month: Month, holidays: ReadonlySet<IsoDate>): IsoDate {
  let d = firstDayOf(month);
  while (new Date(`${d}T12:00:00Z`).getUTCDay() !== 2 || !isWorkingDay(d, holidays))
    d = addCalendarDays(d, 1);
  return d;
}

export type HistorySummary = { meetings: number; priorities: number; tasks: number; reports: number };

export async function seedHistory(
  tx: Transaction,
  places: HistoryPlace[],
  ctx: HistoryContext,
  log: (line: string) => void,
): Promise<HistorySummary> {
  const summary: HistorySummary = { meetings: 0, priorities: 0, tasks: 0, reports: 0 };
  const agencies = new Map((await tx.select().from(t.agencies)).map((a) => [a.slug, a] as const));
  const ids = new ReservedIds(tx);
  const started = Date.now();
  for (const [index, place] of places.entries()) {
    const [{ n }] = await tx
      .select({ n: count() })
      .from(t.meetings)
      .where(eq(t.meetings.assemblyId, place.id));
    // The story writes three meetings per assembly; more means the history is there already.
    if (n > 3) {
      log(`  ${place.name}: history already there (${index + 1}/${places.length}).`);
      continue;
    }
    const from = Date.now();
    const made = await new AssemblyHistory(tx, place, ctx, agencies, random(place.slug), ids).write();
    summary.meetings += made.meetings;
    summary.priorities += made.priorities;
    summary.tasks += made.tasks;
    const reports = await publishReports(tx, place, ctx);
    summary.reports += reports;
    log(
      `  ${place.name} (${index + 1}/${places.length}): ${made.meetings} meetings, ${made.priorities} priorities, ${made.tasks} tasks, ${reports} monthly reports published (${seconds(Date.now() - from)}).`,
    );
  }
  log(
    `  History: ${summary.meetings} meetings, ${summary.priorities} priorities, ${summary.tasks} tasks and ${summary.reports} monthly reports in ${seconds(Date.now() - started)}.`,
  );
  return summary;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The day a month's report is published: the first working day after the month. */
export function publicationDay(month: Month, holidays: ReadonlySet<IsoDate>): IsoDate {
  return onWorkingDay(firstDayOf(addMonths(month, 1)), holidays);
}

/**
 * Each past month's report, public and partners' versions, as it was built
 * when published (10am on the first working day after the month), in one
 * insert. The reports share their reads (shareReportReads), which makes a
 * year of them about as quick to build as three were one by one.
 */
async function publishReports(tx: Transaction, place: HistoryPlace, ctx: HistoryContext) {
  const thisMonth = monthOf(ctx.now);
  const months = Array.from({ length: PUBLISHED_REPORT_MONTHS }, (_, i) =>
    addMonths(thisMonth, i - PUBLISHED_REPORT_MONTHS),
  );
  const assembly = { id: place.id, slug: place.slug, name: place.name };
  const shared = await shareReportReads(place.id, months, tx);
  const rows: Array<typeof t.monthlyReports.$inferInsert> = [];
  for (const month of months) {
    const publishedAt = at(publicationDay(month, ctx.holidays), "10:00");
    const publicContent = await buildMonthlyReport(assembly, month, "public", publishedAt, tx, shared);
    const partnersContent = await buildMonthlyReport(assembly, month, "partners", publishedAt, tx, shared);
    rows.push({ assemblyId: place.id, month, publicContent, partnersContent, publishedAt });
  }
  const inserted = await tx
    .insert(t.monthlyReports)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: t.monthlyReports.id });
  return inserted.length;
}

type Serial = "meetings" | "concerns" | "priorities" | "tasks" | "task_updates";

/**
 * Ids taken from the tables' own sequences ahead of the inserts, a hundred at
 * a time, so the history is written in a few multi-row inserts (children need
 * their parents' ids) instead of a round trip per row.
 */
export class ReservedIds {
  private pools = new Map<Serial, number[]>();
  constructor(private tx: Transaction) {}

  async next(table: Serial): Promise<number> {
    let pool = this.pools.get(table);
    if (!pool?.length) {
      const result = await this.tx.execute(
        sql`select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id from generate_series(1, 100)`,
      );
      pool = rowsOf<{ id: number }>(result).map((row) => Number(row.id));
      this.pools.set(table, pool);
    }
    return pool.shift() as number;
  }
}

/** The rows of an assembly's history, inserted together (parents first) once it is all made. */
type HistoryRows = {
  meetings: Array<typeof t.meetings.$inferInsert>;
  meetingNeighbourhoods: Array<typeof t.meetingNeighbourhoods.$inferInsert>;
  concerns: Array<typeof t.concerns.$inferInsert>;
  priorities: Array<typeof t.priorities.$inferInsert>;
  priorityConcerns: Array<typeof t.priorityConcerns.$inferInsert>;
  tasks: Array<typeof t.tasks.$inferInsert>;
  taskUpdates: Array<typeof t.taskUpdates.$inferInsert>;
  updateFigures: Array<typeof t.updateFigures.$inferInsert>;
};

class AssemblyHistory {
  private rows: HistoryRows = {
    meetings: [],
    meetingNeighbourhoods: [],
    concerns: [],
    priorities: [],
    priorityConcerns: [],
    tasks: [],
    taskUpdates: [],
    updateFigures: [],
  };
  private today: IsoDate;
  private active = new Map<number, number>();
  private made = { meetings: 0, priorities: 0, tasks: 0 };
  /** Agencies the generated work goes to: the area's police team and the borough's services. */
  private police: string;

  constructor(
    private tx: Transaction,
    private place: HistoryPlace,
    private ctx: HistoryContext,
    private agencies: Map<string, typeof t.agencies.$inferSelect>,
    private rng: Random,
    private ids: ReservedIds,
  ) {
    this.today = toIsoDate(ctx.now);
    this.police = AREA_POLICE[place.slug] ?? "";
  }

  /** The chair's own assembly keeps its hand-written priorities: its history is meetings and concerns. */
  private storyOnly() {
    return !AREA_POLICE[this.place.slug];
  }

  async write() {
    const current = await this.tx
      .select({ neighbourhoodId: t.priorities.neighbourhoodId, n: count() })
      .from(t.priorities)
      .where(eq(t.priorities.status, "active"))
      .groupBy(t.priorities.neighbourhoodId);
    for (const row of current) this.active.set(row.neighbourhoodId, row.n);
    const thisMonth = monthOf(this.ctx.now);
    const meetings: MeetingRow[] = [];
    for (let k = HISTORY_MONTHS; k >= 1; k--) {
      const day = meetingDay(addMonths(thisMonth, -k), this.ctx.holidays);
      meetings.push(await this.meeting(day, HISTORY_MONTHS - k));
    }
    for (const [index, meeting] of meetings.entries()) {
      await this.concernsAndPriorities(meeting, index, meetings);
    }
    await this.insertRows();
    return this.made;
  }

  private async insertRows() {
    const rows = this.rows;
    const tables = [
      [t.meetings, rows.meetings],
      [t.meetingNeighbourhoods, rows.meetingNeighbourhoods],
      [t.concerns, rows.concerns],
      [t.priorities, rows.priorities],
      [t.priorityConcerns, rows.priorityConcerns],
      [t.tasks, rows.tasks],
      [t.taskUpdates, rows.taskUpdates],
      [t.updateFigures, rows.updateFigures],
    ] as const;
    for (const [table, values] of tables) {
      // biome-ignore lint/suspicious/noExplicitAny: each table goes with its own rows (typed in HistoryRows).
      if (values.length) await this.tx.insert(table).values(values as any);
    }
  }

  private async meeting(day: IsoDate, index: number): Promise<MeetingRow> {
    const startsAt = at(day, "18:30");
    const endsAt = at(day, "20:00");
    const row = { id: await this.ids.next("meetings") };
    this.rows.meetings.push({
      id: row.id,
      assemblyId: this.place.id,
      kind: index % 3 === 2 ? "area_assembly" : "pact",
      title: `${this.place.name} ${index % 3 === 2 ? "Area Assembly" : "PACT meeting"}`,
      startsAt,
      endsAt,
      venue: `${this.place.name} Community Centre`,
      address: "Main Street",
      accessibilityNote: "Step-free access, hearing loop and accessible toilet.",
      status: "held",
      attendance: this.rng.int(14, 42),
      publicSummary:
        "Partners reported back on each current priority, residents raised new concerns, and the meeting agreed what happens next.",
      whatsWorking: this.rng.pick(WHATS_WORKING),
      minutesReference: "Minutes published on the council website.",
      publishedAt: at(addWorkingDays(day, 2, this.ctx.holidays), "09:00"),
      createdAt: at(addCalendarDays(day, -28), "10:00"),
    });
    this.rows.meetingNeighbourhoods.push(
      ...this.place.neighbourhoods.map((n) => ({ meetingId: row.id, neighbourhoodId: n.id })),
    );
    this.made.meetings++;
    return { id: row.id, day, startsAt, endsAt };
  }

  private concernValues(meeting: MeetingRow, neighbourhoodId: number, theme: Theme, street: string) {
    return {
      neighbourhoodId,
      categoryId: this.ctx.categoryIds.get(theme.category) ?? null,
      raisedAtMeetingId: meeting.id,
      source: "meeting" as const,
      publicWording: theme.concern(street),
      originalWording: theme.concern(street),
      location: street,
      contactName: "A resident",
      contactEmail: `resident.${this.rng.int(100, 999)}@example.net`,
      moderatedAt: meeting.endsAt,
      createdAt: at(meeting.day, "19:00"),
    };
  }

  private async concernsAndPriorities(meeting: MeetingRow, index: number, meetings: MeetingRow[]) {
    const hoods = this.place.neighbourhoods;
    const hood = hoods[index % hoods.length];
    // Concerns dealt with at the meeting: answered, referred or not adopted.
    const dealtWith = [0, 1].map((i) => {
      const theme = this.rng.pick(THEMES);
      const street = this.rng.pick(STREETS);
      const outcome = this.rng.pick(["answered", "referred", "not_adopted"] as const);
      return {
        ...this.concernValues(meeting, hoods[(index + i + 1) % hoods.length].id, theme, street),
        status: outcome,
        answer: outcome === "answered" ? this.rng.pick(ANSWERS) : null,
        referredAgencyId: outcome === "referred" ? this.ctx.agencyIds.get("streetpride") : null,
        notAdoptedReason: outcome === "not_adopted" ? this.rng.pick(NOT_ADOPTED) : null,
      };
    });
    this.rows.concerns.push(...dealtWith);
    if (this.storyOnly()) return;
    // A new priority most months, within the neighbourhood's limit of active priorities.
    const plan = this.planFor(index);
    if (!plan || (this.active.get(hood.id) ?? 0) >= hood.maxActive) return;
    const theme = THEMES[(index + this.place.slug.length) % THEMES.length];
    const street = STREETS[(index * 3 + hood.id) % STREETS.length];
    const concern = { id: await this.ids.next("concerns") };
    this.rows.concerns.push({
      id: concern.id,
      ...this.concernValues(meeting, hood.id, theme, street),
      status: "adopted",
    });
    await this.priority(meeting, index, meetings, hood, theme, street, plan, concern.id);
  }

  /** What becomes of a priority agreed at the index-th meeting (null: none agreed that month). */
  private planFor(index: number): Plan | null {
    const last = HISTORY_MONTHS - 1;
    if (index % 4 === 3 && index < last) return null;
    if (index <= last - 3)
      return this.rng.pick(["resolved", "resolved", "closed", "referred", "monitoring"] as const);
    return index === last ? "active" : this.rng.pick(["active", "monitoring"] as const);
  }

  private async priority(
    meeting: MeetingRow,
    index: number,
    meetings: MeetingRow[],
    hood: HistoryPlace["neighbourhoods"][number],
    theme: Theme,
    street: string,
    plan: Plan,
    concernId: number,
  ) {
    const closing = plan === "resolved" || plan === "closed" || plan === "referred";
    const closedAt = closing ? meetings[index + (plan === "resolved" ? 3 : 2)] : null;
    const next = meetings[index + 1];
    const reviewDate = closedAt
      ? closedAt.day
      : plan === "monitoring" && next
        ? // Reviewed at the next meeting, then watched for three months.
          addCalendarDays(this.today, 30 + this.rng.int(0, 20))
        : addCalendarDays(this.today, 7 + this.rng.int(0, 21));
    const status: Plan = plan;
    if (status === "active") this.active.set(hood.id, (this.active.get(hood.id) ?? 0) + 1);
    const priority: typeof t.priorities.$inferInsert & { id: number } = {
      id: await this.ids.next("priorities"),
      neighbourhoodId: hood.id,
      categoryId: this.ctx.categoryIds.get(theme.category) ?? null,
      agreedAtMeetingId: meeting.id,
      title: theme.title(street),
      youSaid: theme.youSaid(street),
      status,
      agreedOn: meeting.day,
      reviewDate,
      outcomeSummary: plan === "resolved" ? theme.resolved : null,
      closedReason:
        plan === "closed"
          ? "Reports stopped after the first month; residents agreed no further action."
          : null,
      referredTo: plan === "referred" ? "The council’s highways capital programme" : null,
      closedAt: closedAt?.endsAt ?? null,
      createdAt: meeting.endsAt,
    };
    this.rows.priorities.push(priority);
    this.rows.priorityConcerns.push({ priorityId: priority.id, concernId });
    this.made.priorities++;
    const offerDay = addWorkingDays(meeting.day, 1, this.ctx.holidays);
    for (const [i, task] of theme.tasks.entries()) {
      const slug = task.agency === "area-police" ? this.police : task.agency;
      await this.task(priority.id, slug, task, offerDay, closedAt, plan, i);
    }
  }

  /** One task from offer to its end (or to today), with its updates. */
  private async task(
    priorityId: number,
    slug: string,
    theme: TaskTheme,
    offerDay: IsoDate,
    closedAt: MeetingRow | null,
    plan: Plan,
    position: number,
    reoffer = false,
  ): Promise<void> {
    const agency = this.agencies.get(slug);
    if (!agency) throw new Error(`no agency ${slug}`);
    const holidays = this.ctx.holidays;
    const deadlines = offerDeadlines(
      offerDay,
      agency.acknowledgeWithinWorkingDays,
      { dueInWorkingDays: this.rng.int(15, 30) },
      holidays,
    );
    const partnersOnly = agency.defaultConfidentiality === "partners_only";
    const end = closedAt ? toIsoDate(closedAt.startsAt) : this.today;
    const passed = (day: IsoDate) => day < this.today && day < end;
    const base = {
      priorityId,
      agencyId: agency.id,
      title: theme.title,
      ask: theme.ask,
      confidentiality: agency.defaultConfidentiality,
      offeredAt: at(offerDay, "10:00"),
      createdAt: at(offerDay, "10:00"),
      ...deadlines,
    };
    delete (base as { errors?: unknown }).errors;
    // Some offers go to the wrong agency: declined, and the chair offers the task to the one suggested.
    const declineTo = DECLINES[slug === this.police ? "area-police" : slug];
    if (!reoffer && position === 0 && declineTo && this.rng.chance(0.15)) {
      const declineDay = addWorkingDays(offerDay, 1, holidays);
      const suggested = this.agencies.get(declineTo[1]);
      if (passed(addWorkingDays(declineDay, 1, holidays)) && suggested) {
        this.rows.tasks.push({
          ...base,
          id: await this.ids.next("tasks"),
          status: "declined",
          declineReason: declineTo[0],
          suggestedAgencyId: suggested.id,
          version: 2,
        });
        this.made.tasks++;
        return this.task(
          priorityId,
          declineTo[1],
          theme,
          addWorkingDays(declineDay, 1, holidays),
          closedAt,
          plan,
          position,
          true,
        );
      }
    }
    const late = this.rng.chance(0.2);
    const acceptDay = addWorkingDays(
      offerDay,
      late ? agency.acknowledgeWithinWorkingDays + 2 : this.rng.int(1, agency.acknowledgeWithinWorkingDays),
      holidays,
    );
    if (!passed(acceptDay)) {
      this.made.tasks++;
      this.rows.tasks.push({
        ...base,
        id: await this.ids.next("tasks"),
        status: closedAt ? "withdrawn" : "offered",
        withdrawnReason: closedAt ? "The priority was closed before the task was accepted." : null,
      });
      return;
    }
    const planDay = late ? addCalendarDays(offerDay, 12) : addWorkingDays(acceptDay, 1, holidays);
    // Most work finishes a little before it is due; an open priority keeps some of it overdue.
    const overdue = !closedAt && position === 1 && this.rng.chance(0.5);
    // Work still going when a priority is closed or referred stops with it (withdrawn).
    const cutShort = (plan === "closed" || plan === "referred") && position === 1;
    let doneDay = addWorkingDays(offerDay, this.rng.int(10, 22), holidays);
    if (doneDay >= deadlines.dueDate) doneDay = deadlines.dueDate;
    if (closedAt && doneDay >= end) doneDay = addWorkingDays(acceptDay, 1, holidays);
    const done = !overdue && !cutShort && passed(doneDay) && doneDay > acceptDay;
    const residentsAsked = this.rng.chance(0.6);
    const updates: Array<{ day: IsoDate; value: number }> = [];
    for (const step of [3, 8]) {
      const day = addWorkingDays(acceptDay, step, holidays);
      if (passed(day) && (!done || day < doneDay)) updates.push({ day, value: this.rng.int(2, 30) });
    }
    const withdrawn = closedAt && !done;
    const row = { id: await this.ids.next("tasks") };
    this.rows.tasks.push({
      ...base,
      id: row.id,
      status: done ? "done" : withdrawn ? "withdrawn" : updates.length ? "in_progress" : "accepted",
      acceptedAt: at(acceptDay, "11:00"),
      actionPlan: passed(planDay) ? `${theme.ask} Lead officer named; first visit booked.` : null,
      actionPlanSubmittedAt: passed(planDay) ? at(planDay, "15:00") : null,
      outcomeSummary: done ? theme.outcome : null,
      residentsAsked: done ? residentsAsked : null,
      completedAt: done ? at(doneDay, "16:00") : null,
      withdrawnReason: withdrawn ? "The priority was closed; this work stopped with it." : null,
      version: 2 + updates.length + (done ? 1 : 0),
    });
    this.made.tasks++;
    const visibility = partnersOnly ? ("partners_only" as const) : ("public" as const);
    const entries = [
      ...updates.map((u) => ({ ...u, body: theme.update, outcome: false })),
      ...(done ? [{ day: doneDay, value: this.rng.int(5, 60), body: theme.outcome, outcome: true }] : []),
    ];
    for (const entry of entries) {
      const id = await this.ids.next("task_updates");
      const createdAt = at(entry.day, entry.outcome ? "16:00" : "14:00");
      this.rows.taskUpdates.push({
        id,
        taskId: row.id,
        body: entry.body,
        visibility,
        isOutcome: entry.outcome,
        statusChange: entry.outcome ? ("done" as const) : null,
        residentsAsked: entry.outcome ? residentsAsked : null,
        createdAt,
      });
      this.rows.updateFigures.push({
        updateId: id,
        label: theme.figure,
        value: entry.value,
        unit: theme.unit ?? "",
        position: 0,
      });
    }
  }
}
