// The partner dashboard (issue 7): one agency's figures against the whole
// partnership's, its overdue and not-yet-accepted tasks, and its trend over 12
// months. Members of the agency and admins only.
import { and, asc, eq } from "drizzle-orm";
import { db, type Executor } from "~db/client.server";
import { agencies, neighbourhoods, priorities, tasks } from "~db/schema";
import { isMemberOf, type MaybeViewer } from "../core/access";
import { toIsoDate } from "../core/deadlines";
import { forbidden, notFound } from "../core/errors";
import { TASK_STATUS } from "../lifecycle/statuses";
import { isAnswerLate, isTaskIn, isTaskOverdue } from "../lifecycle/tasks";
import { taskStatusIn } from "../lifecycle/tasks/sql";
import { DEFINITIONS, lineChart, type MeasureRow } from "./how-were-doing";
import {
  addMonths,
  formatMeasure,
  lastTwelveMonths,
  MEASURE_IDS,
  MEASURES,
  type MeasureId,
  monthInWords,
  monthOf,
  shortMonth,
} from "./measures";
import { figuresFromDatabase } from "./measures-sql";

const TREND_MEASURES: MeasureId[] = [
  "tasksAcceptedOnTime",
  "actionPlansOnTime",
  "medianDaysToAccept",
  "tasksCompleted",
];

export async function agencyDashboard(
  viewer: MaybeViewer,
  agencyId: number,
  now = new Date(),
  database: Executor = db(),
) {
  if (!isMemberOf(viewer, agencyId)) throw forbidden();
  const [agency] = await database
    .select({ id: agencies.id, name: agencies.name })
    .from(agencies)
    .where(eq(agencies.id, agencyId))
    .limit(1);
  if (!agency) throw notFound("No such agency.");
  const today = toIsoDate(now);
  const months = lastTwelveMonths(now);
  const lastMonth = addMonths(monthOf(now), -1);
  const [own, partnership] = await figuresFromDatabase(
    [
      { scope: { kind: "agency", id: agency.id }, name: agency.name, slug: String(agency.id) },
      { scope: { kind: "borough" }, name: "All partners", slug: "" },
    ],
    months,
    { audience: "partners", today },
    database,
  );
  const last = (row: typeof own) => row.byMonth.find((m) => m.month === lastMonth)?.figures ?? row.total;
  const rows: MeasureRow[] = MEASURE_IDS.filter((id) => MEASURES[id].forAgencies).map((id) => ({
    id,
    label: MEASURES[id].label,
    definition: MEASURES[id].definition,
    cells: [
      formatMeasure(last(own)[id]),
      formatMeasure(last(partnership)[id]),
      formatMeasure(own.total[id]),
      formatMeasure(partnership.total[id]),
    ],
  }));

  const openWork = await database
    .select({
      id: tasks.id,
      title: tasks.title,
      status: tasks.status,
      offeredAt: tasks.offeredAt,
      acknowledgeBy: tasks.acknowledgeBy,
      dueDate: tasks.dueDate,
      priorityTitle: priorities.title,
      neighbourhoodName: neighbourhoods.name,
    })
    .from(tasks)
    .innerJoin(priorities, eq(priorities.id, tasks.priorityId))
    .innerJoin(neighbourhoods, eq(neighbourhoods.id, priorities.neighbourhoodId))
    .where(and(eq(tasks.agencyId, agency.id), taskStatusIn("open")))
    .orderBy(asc(tasks.dueDate), asc(tasks.id))
    .limit(500);
  const overdue = openWork.filter((t) => isTaskOverdue(t, today));
  const unaccepted = openWork
    .filter((t) => isTaskIn("awaitingAnswer", t.status))
    .sort((a, b) => a.acknowledgeBy.localeCompare(b.acknowledgeBy));
  const item = (t: (typeof openWork)[number]) => ({
    id: t.id,
    title: t.title,
    statusLabel: TASK_STATUS[t.status],
    priorityTitle: t.priorityTitle,
    neighbourhoodName: t.neighbourhoodName,
    dueDate: t.dueDate,
    acknowledgeBy: t.acknowledgeBy,
    offeredOn: toIsoDate(t.offeredAt),
    lateToAccept: isAnswerLate(t, today),
  });

  return {
    agency: { id: agency.id, name: agency.name },
    lastMonthLabel: monthInWords(lastMonth),
    period: { from: monthInWords(months[0]), to: monthInWords(months[months.length - 1]) },
    months: months.map((month) => ({ month, label: shortMonth(month) })),
    table: {
      columns: [
        `${agency.name}, ${monthInWords(lastMonth)}`,
        `All partners, ${monthInWords(lastMonth)}`,
        `${agency.name}, 12 months`,
        "All partners, 12 months",
      ],
      rows,
    },
    trends: TREND_MEASURES.map((id) => lineChart(id, [own, partnership], months, `agency-${agency.id}`)),
    overdue: overdue.map(item),
    unaccepted: unaccepted.map(item),
    definitions: DEFINITIONS.filter((d) => MEASURES[d.id].forAgencies),
  };
}
export type AgencyDashboard = Awaited<ReturnType<typeof agencyDashboard>>;
