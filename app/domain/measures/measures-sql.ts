// The measures of ./measures counted by the database (issue 18): one query per
// page aggregates a year of priorities, tasks and public updates by month and
// place (GROUPING SETS: neighbourhood, assembly and borough, or one agency and
// the whole partnership), so no page holds a year of facts in memory and the
// whole borough costs one scan at any size. The words, the rules and the
// 5-case rule are those of ./measures; tests/integration/measures-sql.test.ts
// checks every figure against the rules as ./measures reads them in
// TypeScript (`measure`), on the demo and on generated edge cases.
//
// Two rules are counted in an unusual way:
// - the snapshot measures (tasks overdue, priorities with no recent news) are
//   intervals of days: each task or priority adds 1 on the day it becomes
//   overdue or stale and takes it away on the day it stops, and a month's
//   figure is the running sum up to its end (or today);
// - working days between two days are the difference of a running count of
//   working days over a calendar (weekends and the bank_holidays table).
import { type SQL, sql } from "drizzle-orm";
import { db, type Executor, rowsOf } from "~db/client.server";
import { addCalendarDays, type IsoDate } from "../core/deadlines";
import { REVIEW_CYCLE_DAYS, TASK_STATUS_GROUPS, type TaskStatusGroup } from "../lifecycle/tasks";
import { publicTask, publicUpdate } from "../publication";
import {
  type Audience,
  type Figures,
  firstDayOf,
  lastDayOf,
  type MeasureValue,
  MIN_CASES,
  type Month,
  type Scope,
  type ScopeFigures,
} from "./measures";

type Named = { scope: Scope; name: string; slug: string };

export type SqlFiguresOptions = {
  audience: Audience;
  today: IsoDate;
  /** Count only this assembly's places and meetings (an assembly's own page and CSV). */
  assemblyId?: number;
};

/** One aggregated row: a place (or the whole) and a month, or the whole run of months when `month` is null. */
type Row = {
  level: "n" | "a" | "b";
  key: number | null;
  month: string | null;
  agreed: number;
  resolved: number;
  closed: number;
  referred: number;
  offered: number;
  accept_cases: number;
  accept_on_time: number;
  plan_cases: number;
  plans_on_time: number;
  completed: number;
  complete_median: number | null;
  accepted: number;
  accept_median: number | null;
  updates: number;
  overdue_delta: number;
  stale_delta: number;
};

type MeetingRow = {
  level: "n" | "a" | "b";
  key: number | null;
  month: string | null;
  held: number;
  attendance: number;
};

/** Days before the first month: the running sums of the snapshot measures start here. */
const BEFORE = "0000-00";

const statuses = (group: TaskStatusGroup) =>
  sql.raw(TASK_STATUS_GROUPS[group].map((status) => `'${status}'`).join(", "));

const ukDay = (column: string) => sql.raw(`(${column} at time zone 'Europe/London')::date`);

/** Every measure for every place (or one agency and the borough) of one count, month by month and in total. */
export type CountedFigures = ReturnType<typeof assemble>;

/**
 * Every measure for each named scope, month by month and over the whole run
 * of months, counted in the database. Scopes are places (borough, assemblies,
 * neighbourhoods) or one agency with the borough beside it.
 */
export async function figuresFromDatabase(
  scopes: Named[],
  months: Month[],
  options: SqlFiguresOptions,
  database: Executor = db(),
): Promise<ScopeFigures[]> {
  const agencyIds = [...new Set(scopes.flatMap((s) => (s.scope.kind === "agency" ? [s.scope.id] : [])))];
  if (agencyIds.length > 1) throw new RangeError("one agency at a time");
  return namedFigures(await countFigures(months, { ...options, agencyId: agencyIds[0] }, database), scopes);
}

/** The named scopes' figures from one count. */
export function namedFigures(counted: CountedFigures, scopes: Named[]): ScopeFigures[] {
  return scopes.map(({ scope, name, slug }) => {
    const own = counted.of(scope);
    return {
      scope,
      name,
      slug,
      total: own.total,
      get byMonth() {
        return own.byMonth;
      },
    };
  });
}

/** One count in the database: every place (or `agencyId` and the borough), every month. */
export async function countFigures(
  months: Month[],
  options: SqlFiguresOptions & { agencyId?: number },
  database: Executor = db(),
): Promise<CountedFigures> {
  const from = firstDayOf(months[0]);
  const to = lastDayOf(months[months.length - 1]);
  const window = {
    from,
    to,
    today: options.today,
    // The instants loadFacts reads between (a day either side), as ISO strings: postgres.js binds no Date in raw SQL.
    since: `${addCalendarDays(from, -1)}T00:00:00Z`,
    before: `${addCalendarDays(to, 2)}T00:00:00Z`,
    newsSince: `${addCalendarDays(from, -1 - (REVIEW_CYCLE_DAYS + 2))}T00:00:00Z`,
  };
  // PostgreSQL's estimates for the CTEs are far too high: its JIT compiler would spend longer
  // compiling the query than running it, and its grouping would spill to disk in 4 MB of memory.
  // For this read only: no JIT, and 64 MB to group in (the borough at 1,000,000 tasks needs about 10).
  // The rows are handed out of the transaction, not returned by it, and let go of once counted:
  // postgres.js keeps what a transaction returned reachable from its connection until that
  // connection's next transaction, and the stack of a query's first call (its origin, with the
  // callback in it) for good. Either would hold the borough's 70,000 rows at 1,000,000 tasks
  // (15 MB) beside the count made from them.
  const read: { rows?: unknown; meetingRows?: unknown } = {};
  await database.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local work_mem = '64MB'`);
    read.rows = await tx.execute(measuresQuery(window, options, options.agencyId));
    read.meetingRows = await tx.execute(meetingsQuery(window, options.assemblyId));
  });
  const counted = assemble(rowsOf<Row>(read.rows), rowsOf<MeetingRow>(read.meetingRows), months);
  read.rows = read.meetingRows = undefined;
  return counted;
}

type Window = {
  from: IsoDate;
  to: IsoDate;
  today: IsoDate;
  since: string;
  before: string;
  newsSince: string;
};

function measuresQuery(w: Window, options: SqlFiguresOptions, agencyId: number | undefined): SQL {
  const byAgency = agencyId != null;
  const inAssembly = options.assemblyId == null ? sql`` : sql`and n.assembly_id = ${options.assemblyId}::int`;
  const visible = options.audience === "public" ? sql`and ${publicTask}` : sql``;
  // Places: (neighbourhood, assembly). One agency: (nothing, 1 when it is the agency's).
  const priorityKeys = byAgency
    ? sql`null::int as k1, (p0.id in (select priority_id from t0 where agency_id = ${agencyId}::int))::int as k2`
    : sql`p0.neighbourhood_id as k1, p0.assembly_id as k2`;
  const taskKeys = byAgency
    ? sql`null::int as k1, (t0.agency_id = ${agencyId}::int)::int as k2`
    : sql`t0.neighbourhood_id as k1, t0.assembly_id as k2`;
  // As the TypeScript rules read it: the agency's updates on the priorities it has work on in the months.
  const updateKeys = byAgency
    ? sql`null::int as k1,
          (u0.agency_id = ${agencyId}::int and u0.priority_id in (select priority_id from t0 where agency_id = ${agencyId}::int))::int as k2`
    : sql`u0.neighbourhood_id as k1, u0.assembly_id as k2`;
  const sets = byAgency
    ? sql`(k2, month), (month), (k2), ()`
    : sql`(k1, month), (k2, month), (month), (k1), (k2), ()`;
  const level = byAgency
    ? sql`case when grouping(k2) = 0 then 'a' else 'b' end as level, case when grouping(k2) = 0 then k2 end as key`
    : sql`case when grouping(k1) = 0 then 'n' when grouping(k2) = 0 then 'a' else 'b' end as level,
          case when grouping(k1) = 0 then k1 when grouping(k2) = 0 then k2 end as key`;
  // The month an event counts in (null outside the months), and the month a snapshot's change counts from.
  const event = (day: SQL) =>
    sql`case when ${day} between ${w.from}::date and ${w.to}::date then to_char(${day}, 'YYYY-MM') end`;
  const change = (day: SQL) =>
    sql`case when ${day} < ${w.from}::date then ${sql.raw(`'${BEFORE}'`)}
             when ${day} <= least(${w.to}::date, ${w.today}::date) then to_char(${day}, 'YYYY-MM') end`;
  const fact = (what: string, month: SQL, extra: { hit?: SQL; delta?: SQL } = {}) =>
    sql`${sql.raw(`'${what}'`)} as what, ${month} as month, ${extra.hit ?? sql`0`} as hit,
        ${extra.delta ?? sql`0`} as delta`;

  return sql`
    with p0 as (
      select pr.id, pr.neighbourhood_id, n.assembly_id, pr.status::text as status, pr.agreed_on,
             ${ukDay("pr.closed_at")} as closed_day
      from priorities pr join neighbourhoods n on n.id = pr.neighbourhood_id
      where pr.agreed_on <= ${w.to}::date
        and (pr.closed_at is null or pr.closed_at >= ${w.since}::timestamptz) ${inAssembly}
    ),
    t0 as (
      select tasks.priority_id, tasks.agency_id, tasks.status::text as status,
             p0.neighbourhood_id, p0.assembly_id,
             ${ukDay("tasks.offered_at")} as offered_day, ${ukDay("tasks.accepted_at")} as accepted_day,
             tasks.acknowledge_by, tasks.action_plan_due_by,
             ${ukDay("tasks.action_plan_submitted_at")} as plan_day, tasks.due_date,
             ${ukDay("tasks.completed_at")} as completed_day
      from tasks join agencies on agencies.id = tasks.agency_id join p0 on p0.id = tasks.priority_id
      where tasks.offered_at < ${w.before}::timestamptz
        and (tasks.completed_at is null or tasks.completed_at >= ${w.since}::timestamptz) ${visible}
    ),
    u0 as (
      select tasks.priority_id, tasks.agency_id, p0.neighbourhood_id, p0.assembly_id, p0.agreed_on,
             ${ukDay("task_updates.created_at")} as day
      from task_updates join tasks on tasks.id = task_updates.task_id
        join agencies on agencies.id = tasks.agency_id join p0 on p0.id = tasks.priority_id
      where ${publicUpdate}
        and task_updates.created_at >= ${w.newsSince}::timestamptz
        and task_updates.created_at < ${w.before}::timestamptz
    ),
    cal as (
      select d::date as day,
             sum(case when extract(isodow from d) < 6
                       and not exists (select 1 from bank_holidays b where b.day = d::date) then 1 else 0 end)
               over (order by d) as w
      from generate_series((select min(offered_day) from t0),
                           greatest(${w.to}::date, (select max(offered_day) from t0)), interval '1 day') d
    ),
    pk as (select p0.*, ${priorityKeys} from p0),
    -- Working days from the offer to the answer and to the end (0 when not later).
    tk as (
      select t0.*, ${taskKeys},
             greatest(0, ca.w - co.w)::float8 as accept_days, greatest(0, cc.w - co.w)::float8 as complete_days
      from t0 left join cal co on co.day = t0.offered_day
        left join cal ca on ca.day = t0.accepted_day left join cal cc on cc.day = t0.completed_day
    ),
    -- Each priority's news: the day it was agreed and every later day with a public update.
    news as (
      select pk.id, pk.k1, pk.k2, pk.closed_day, n.day,
             lead(n.day) over (partition by pk.id order by n.day) as next_day
      from pk join (
        select id, agreed_on as day from p0
        union
        select priority_id, day from u0 where day >= agreed_on
      ) n on n.id = pk.id
    ),
    stale as (
      select k1, k2, day + ${sql.raw(String(REVIEW_CYCLE_DAYS + 1))} as starts, least(next_day, closed_day) as ends
      from news
    ),
    overdue as (
      select k1, k2, greatest(offered_day, due_date + 1) as starts, completed_day as ends
      from tk where status in (${statuses("involved")})
    ),
    f as (
      select k1, k2, ${fact("agreed", event(sql`agreed_on`))} from pk
      union all
      select k1, k2, ${fact("resolved", event(sql`closed_day`))} from pk where status = 'resolved'
      union all
      select k1, k2, ${fact("closed", event(sql`closed_day`))} from pk where status = 'closed'
      union all
      select k1, k2, ${fact("referred", event(sql`closed_day`))} from pk where status = 'referred'
      union all
      select k1, k2, ${fact("offered", event(sql`offered_day`))} from tk
      union all
      -- Answered, or unanswered past its accept-by day; not withdrawn before an answer.
      select k1, k2, ${fact("accept_case", event(sql`offered_day`), {
        hit: sql`(accepted_day is not null and accepted_day <= acknowledge_by)::int`,
      })}
      from tk where accepted_day is not null or (status <> 'withdrawn' and acknowledge_by < ${w.today}::date)
      union all
      select k1, k2, ${fact("plan_case", event(sql`action_plan_due_by`), {
        hit: sql`(plan_day is not null and plan_day <= action_plan_due_by)::int`,
      })}
      from tk where status not in (${statuses("dropped")})
        and (plan_day is not null or action_plan_due_by < ${w.today}::date)
      union all
      select k1, k2, ${fact("completed", event(sql`completed_day`))}
      from tk where status in (${statuses("finished")}) and completed_day is not null
      union all
      select k1, k2, ${fact("accepted", event(sql`accepted_day`))} from tk where accepted_day is not null
      union all
      select ${updateKeys}, ${fact("update", event(sql`day`))} from u0
      union all
      select k1, k2, ${fact("overdue", change(sql`starts`), { delta: sql`1` })}
      from overdue where ends is null or starts < ends
      union all
      select k1, k2, ${fact("overdue", change(sql`ends`), { delta: sql`-1` })}
      from overdue where ends is not null and starts < ends
      union all
      select k1, k2, ${fact("stale", change(sql`starts`), { delta: sql`1` })}
      from stale where ends is null or starts < ends
      union all
      select k1, k2, ${fact("stale", change(sql`ends`), { delta: sql`-1` })}
      from stale where ends is not null and starts < ends
    ),
    -- Counts and sums by neighbourhood (or agency) and month first, then added up by place.
    counted as (
      select k1, k2, month,
             count(*) filter (where what = 'agreed') as agreed,
             count(*) filter (where what = 'resolved') as resolved,
             count(*) filter (where what = 'closed') as closed,
             count(*) filter (where what = 'referred') as referred,
             count(*) filter (where what = 'offered') as offered,
             count(*) filter (where what = 'accept_case') as accept_cases,
             coalesce(sum(hit) filter (where what = 'accept_case'), 0) as accept_on_time,
             count(*) filter (where what = 'plan_case') as plan_cases,
             coalesce(sum(hit) filter (where what = 'plan_case'), 0) as plans_on_time,
             count(*) filter (where what = 'completed') as completed,
             count(*) filter (where what = 'accepted') as accepted,
             count(*) filter (where what = 'update') as updates,
             coalesce(sum(delta) filter (where what = 'overdue'), 0) as overdue_delta,
             coalesce(sum(delta) filter (where what = 'stale'), 0) as stale_delta
      from f where month is not null
      group by k1, k2, month
    ),
    rolled as (
      select ${level}, month,
             sum(agreed)::int as agreed, sum(resolved)::int as resolved, sum(closed)::int as closed,
             sum(referred)::int as referred, sum(offered)::int as offered,
             sum(accept_cases)::int as accept_cases, sum(accept_on_time)::int as accept_on_time,
             sum(plan_cases)::int as plan_cases, sum(plans_on_time)::int as plans_on_time,
             sum(completed)::int as completed, sum(accepted)::int as accepted, sum(updates)::int as updates,
             sum(overdue_delta)::int as overdue_delta, sum(stale_delta)::int as stale_delta
      from counted group by grouping sets (${sets})
    ),
    -- Medians need every case: only the accepted and completed tasks of the months.
    spans as (
      select k1, k2, 'completed' as what, ${event(sql`completed_day`)} as month, complete_days as days
      from tk where status in (${statuses("finished")}) and completed_day is not null
      union all
      select k1, k2, 'accepted', ${event(sql`accepted_day`)}, accept_days from tk where accepted_day is not null
    ),
    medians as (
      select ${level}, month,
             percentile_cont(0.5) within group (order by days) filter (where what = 'completed') as complete_median,
             percentile_cont(0.5) within group (order by days) filter (where what = 'accepted') as accept_median
      from spans where month is not null
      group by grouping sets (${sets})
    )
    select rolled.*, medians.complete_median, medians.accept_median
    from rolled left join medians on medians.level = rolled.level
      and coalesce(medians.key, -1) = coalesce(rolled.key, -1)
      and coalesce(medians.month, '') = coalesce(rolled.month, '')`;
}

/** Meetings held: an assembly's own, and each neighbourhood's (a meeting may cover several). */
function meetingsQuery(w: Window, assemblyId: number | undefined): SQL {
  const inAssembly = assemblyId == null ? sql`` : sql`and m.assembly_id = ${assemblyId}::int`;
  return sql`
    with held as (
      select m.id, m.assembly_id, coalesce(m.attendance, 0) as attendance,
             to_char(${ukDay("m.starts_at")}, 'YYYY-MM') as month
      from meetings m
      where m.status = 'held' and m.starts_at >= ${w.since}::timestamptz and m.starts_at < ${w.before}::timestamptz
        and ${ukDay("m.starts_at")} between ${w.from}::date and ${w.to}::date ${inAssembly}
    )
    select case when grouping(assembly_id) = 0 then 'a' else 'b' end as level,
           case when grouping(assembly_id) = 0 then assembly_id end as key, month,
           count(*)::int as held, sum(attendance)::int as attendance
    from held group by grouping sets ((assembly_id, month), (month), (assembly_id), ())
    union all
    select 'n', mn.neighbourhood_id, month, count(*)::int, sum(attendance)::int
    from held join meeting_neighbourhoods mn on mn.meeting_id = held.id
    group by grouping sets ((mn.neighbourhood_id, month), (mn.neighbourhood_id))`;
}

// ---------------------------------------------------------------- rows → figures

const count = (value: number): MeasureValue => ({ kind: "count", value });

function rate(numerator: number, denominator: number): MeasureValue {
  return {
    kind: "rate",
    numerator,
    denominator,
    value: denominator >= MIN_CASES ? numerator / denominator : null,
  };
}

const median = (cases: number, value: number | null): MeasureValue => ({
  kind: "median",
  cases,
  value: cases >= MIN_CASES ? Number(value) : null,
});

/** A row's counted fields, in the order one count keeps them. */
const COUNTED = [
  "agreed",
  "resolved",
  "closed",
  "referred",
  "offered",
  "accept_cases",
  "accept_on_time",
  "plan_cases",
  "plans_on_time",
  "completed",
  "accepted",
  "updates",
  "overdue_delta",
  "stale_delta",
] as const;
const [AGREED, RESOLVED, CLOSED, REFERRED, OFFERED, ACCEPT_CASES, ACCEPT_ON_TIME, PLAN_CASES, PLANS_ON_TIME] =
  [0, 1, 2, 3, 4, 5, 6, 7, 8];
const [COMPLETED, ACCEPTED, UPDATES, OVERDUE_DELTA, STALE_DELTA] = [9, 10, 11, 12, 13];

/**
 * One count's rows kept as numbers in typed arrays, a slot per place and month
 * (the months, the days before them and the whole run): at country size the
 * borough's 85,000 rows take about 7 MB so, where as the driver's row objects
 * they took 18 MB, held for as long as the count is kept. A slot no row filled
 * reads as an empty row (zeros, no median, no meeting).
 */
function assemble(rows: Row[], meetingRows: MeetingRow[], months: Month[]) {
  const keyOf = (level: string, key: number | string | null) => `${level}:${key == null ? "" : Number(key)}`;
  const TOTAL = months.length + 1;
  const slots = months.length + 2;
  const slotOf = new Map<string | null, number>([
    [BEFORE, 0],
    [null, TOTAL],
    ...months.map((m, i) => [m, i + 1] as const),
  ]);
  const places = new Map<string, number>();
  const placeOf = (row: { level: string; key: number | null }) => {
    const key = keyOf(row.level, row.key);
    let index = places.get(key);
    if (index === undefined) {
      index = places.size;
      places.set(key, index);
    }
    return index;
  };
  for (const row of rows) placeOf(row);
  for (const row of meetingRows) placeOf(row);
  const counted = new Int32Array(places.size * slots * COUNTED.length);
  // Medians as [completed, accepted] per slot; NaN where there is none.
  const medians = new Float64Array(places.size * slots * 2).fill(Number.NaN);
  // Meetings as [held, attendance] per slot.
  const meetings = new Int32Array(places.size * slots * 2);
  for (const row of rows) {
    const slot = slotOf.get(row.month);
    if (slot === undefined) continue;
    const at = placeOf(row) * slots + slot;
    for (let i = 0; i < COUNTED.length; i++) counted[at * COUNTED.length + i] = row[COUNTED[i]];
    medians[at * 2] = row.complete_median ?? Number.NaN;
    medians[at * 2 + 1] = row.accept_median ?? Number.NaN;
  }
  for (const row of meetingRows) {
    const slot = slotOf.get(row.month);
    if (slot === undefined) continue;
    const at = placeOf(row) * slots + slot;
    meetings[at * 2] = row.held;
    meetings[at * 2 + 1] = row.attendance;
  }

  const orNull = (value: number) => (Number.isNaN(value) ? null : value);
  /** The figures of a place's slot (`place` undefined: a place with no row at all). */
  const figures = (
    place: number | undefined,
    slot: number,
    snapshot: { overdue: number; stale: number },
    hasMeetings: boolean,
  ): Figures => {
    const at = place === undefined ? -1 : place * slots + slot;
    const n = (i: number) => (at < 0 ? 0 : counted[at * COUNTED.length + i]);
    const middle = (i: number) => (at < 0 ? null : orNull(medians[at * 2 + i]));
    const meeting = (i: number): MeasureValue =>
      hasMeetings ? count(at < 0 ? 0 : meetings[at * 2 + i]) : { kind: "not_applicable" };
    return {
      prioritiesAgreed: count(n(AGREED)),
      prioritiesResolved: count(n(RESOLVED)),
      prioritiesClosed: count(n(CLOSED)),
      prioritiesReferred: count(n(REFERRED)),
      prioritiesStale: count(snapshot.stale),
      tasksOffered: count(n(OFFERED)),
      tasksAcceptedOnTime: rate(n(ACCEPT_ON_TIME), n(ACCEPT_CASES)),
      actionPlansOnTime: rate(n(PLANS_ON_TIME), n(PLAN_CASES)),
      tasksCompleted: count(n(COMPLETED)),
      tasksOverdue: count(snapshot.overdue),
      medianDaysToAccept: median(n(ACCEPTED), middle(1)),
      medianDaysToComplete: median(n(COMPLETED), middle(0)),
      publicUpdates: count(n(UPDATES)),
      meetingsHeld: meeting(0),
      meetingAttendance: meeting(1),
    };
  };

  return {
    of(scope: Scope) {
      const place = places.get(
        scope.kind === "borough"
          ? keyOf("b", null)
          : scope.kind === "neighbourhood"
            ? keyOf("n", scope.id)
            : keyOf("a", scope.kind === "agency" ? 1 : scope.id),
      );
      const hasMeetings = scope.kind !== "agency";
      const delta = (slot: number, i: number) =>
        place === undefined ? 0 : counted[(place * slots + slot) * COUNTED.length + i];
      // Running sums of the snapshot changes, month by month.
      const running = { overdue: delta(0, OVERDUE_DELTA), stale: delta(0, STALE_DELTA) };
      const snapshots = months.map((_, i) => {
        running.overdue += delta(i + 1, OVERDUE_DELTA);
        running.stale += delta(i + 1, STALE_DELTA);
        return { ...running };
      });
      const total = figures(place, TOTAL, { ...running }, hasMeetings);
      // Month by month only when read, and not kept: at country size the borough page reads only the
      // totals of 6,000 places, and the CSV turns each place's months into lines one place at a time.
      return {
        total,
        get byMonth(): ScopeFigures["byMonth"] {
          return months.map((month, i) => ({
            month,
            figures: figures(place, i + 1, snapshots[i], hasMeetings),
          }));
        },
      };
    },
  };
}
