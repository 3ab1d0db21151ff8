// "How we're doing": the public comparison pages, their charts and the CSV
// download. Every figure comes from ./measures (public audience: only what the
// publication filter lets the public see).
import { asc, eq } from "drizzle-orm";
import { env } from "~/config/env.server";
import { db, type Executor } from "~db/client.server";
import { assemblies, neighbourhoods } from "~db/schema";
import { toIsoDate } from "../core/deadlines";
import { ChangeMemo } from "../core/public-changes";
import { compareNames, dayInWords, timeInWords } from "../core/words";
import {
  csvValue,
  formatMeasure,
  lastTwelveMonths,
  MEASURE_IDS,
  MEASURES,
  type MeasureId,
  type Month,
  monthInWords,
  plotValue,
  type ScopeFigures,
  shortMonth,
  unitOf,
} from "./measures";
import { type CountedFigures, countFigures, figuresFromDatabase, namedFigures } from "./measures-sql";

/** The measures drawn as charts on the public pages (every measure is in the tables and the CSV). */
export const CHART_MEASURES: MeasureId[] = [
  "prioritiesAgreed",
  "prioritiesResolved",
  "publicUpdates",
  "tasksCompleted",
  "tasksAcceptedOnTime",
  "medianDaysToAccept",
];

// ---------------------------------------------------------------- chart models (serialisable)

export type ChartCell = { value: number | null; text: string };

/** Several named series over the same months: one line each. */
export type LineChartModel = {
  kind: "line";
  id: string;
  measure: MeasureId;
  title: string;
  unit: string;
  months: Array<{ month: Month; label: string }>;
  series: Array<{ name: string; cells: ChartCell[]; total: string }>;
  summary: string;
};

/** One value per named bar. */
export type BarChartModel = {
  kind: "bar";
  id: string;
  measure: MeasureId;
  title: string;
  unit: string;
  bars: Array<{ name: string; cell: ChartCell }>;
  summary: string;
};

export type ChartModel = LineChartModel | BarChartModel;

const cell = (figures: ScopeFigures["total"], id: MeasureId): ChartCell => ({
  value: plotValue(figures[id]),
  text: formatMeasure(figures[id]),
});

function ranked(entries: Array<{ name: string; value: number | null }>) {
  return entries
    .filter((e): e is { name: string; value: number } => e.value != null)
    .sort((a, b) => b.value - a.value || compareNames(a.name, b.name));
}

function valueInWords(id: MeasureId, value: number) {
  const kind = MEASURES[id].kind;
  if (kind === "rate") return `${value}%`;
  if (kind === "median") return `${value} working ${value === 1 ? "day" : "days"}`;
  return String(value);
}

/** A comparison in one or two sentences, from the same numbers as the chart. */
export function compareInWords(
  id: MeasureId,
  entries: Array<{ name: string; value: number | null }>,
  period: string,
): string {
  const known = ranked(entries);
  const missing = entries.length - known.length;
  const tooFew = missing ? ` ${missing} of ${entries.length} had too few cases to compare.` : "";
  if (!known.length) return `${MEASURES[id].label} ${period}: too few cases anywhere to compare.`;
  if (known.length === 1) {
    return `${MEASURES[id].label} ${period}: ${known[0].name} (${valueInWords(id, known[0].value)}).${tooFew}`;
  }
  const top = known[0];
  const bottom = known[known.length - 1];
  if (top.value === bottom.value) {
    return `${MEASURES[id].label} ${period}: all ${known.length} at ${valueInWords(id, top.value)}.${tooFew}`;
  }
  const at = (value: number) => {
    const names = known.filter((e) => e.value === value).map((e) => e.name);
    return names.length > 2 ? `${names.length} areas` : names.join(" and ");
  };
  return `${MEASURES[id].label} ${period}: highest ${at(top.value)} (${valueInWords(id, top.value)}), lowest ${at(bottom.value)} (${valueInWords(id, bottom.value)}).${tooFew}`;
}

export function lineChart(
  id: MeasureId,
  rows: ScopeFigures[],
  months: Month[],
  idPrefix: string,
): LineChartModel {
  const period = `in the 12 months to ${monthInWords(months[months.length - 1])}`;
  return {
    kind: "line",
    id: `${idPrefix}-${id}`,
    measure: id,
    title: `${MEASURES[id].label}, month by month`,
    unit: unitOf(id),
    months: months.map((month) => ({ month, label: shortMonth(month) })),
    series: rows.map((row) => ({
      name: row.name,
      cells: row.byMonth.map((m) => cell(m.figures, id)),
      total: formatMeasure(row.total[id]),
    })),
    summary: compareInWords(
      id,
      rows.map((row) => ({ name: row.name, value: plotValue(row.total[id]) })),
      period,
    ),
  };
}

export function barChart(
  id: MeasureId,
  rows: ScopeFigures[],
  months: Month[],
  idPrefix: string,
): BarChartModel {
  const period = `in the 12 months to ${monthInWords(months[months.length - 1])}`;
  return {
    kind: "bar",
    id: `${idPrefix}-${id}`,
    measure: id,
    title: `${MEASURES[id].label} ${period}`,
    unit: unitOf(id),
    bars: rows.map((row) => ({ name: row.name, cell: cell(row.total, id) })),
    summary: compareInWords(
      id,
      rows.map((row) => ({ name: row.name, value: plotValue(row.total[id]) })),
      period,
    ),
  };
}

// ---------------------------------------------------------------- places

type Place = { id: number; slug: string; name: string };
type AssemblyPlaces = Place & { neighbourhoods: Place[] };

async function listPlaces(database: Executor): Promise<AssemblyPlaces[]> {
  const rows = await database
    .select({
      id: assemblies.id,
      slug: assemblies.slug,
      name: assemblies.name,
      nId: neighbourhoods.id,
      nSlug: neighbourhoods.slug,
      nName: neighbourhoods.name,
    })
    .from(assemblies)
    .leftJoin(neighbourhoods, eq(neighbourhoods.assemblyId, assemblies.id))
    .orderBy(asc(assemblies.name), asc(neighbourhoods.name));
  const byId = new Map<number, AssemblyPlaces>();
  for (const row of rows) {
    const entry = byId.get(row.id) ?? { id: row.id, slug: row.slug, name: row.name, neighbourhoods: [] };
    if (row.nId != null && row.nSlug && row.nName) {
      entry.neighbourhoods.push({ id: row.nId, slug: row.nSlug, name: row.nName });
    }
    byId.set(row.id, entry);
  }
  return [...byId.values()];
}

export type MeasureRow = {
  id: MeasureId;
  label: string;
  definition: string;
  cells: string[];
};

/** Every measure over the period, one column per place. */
function measureRows(rows: ScopeFigures[]): MeasureRow[] {
  return MEASURE_IDS.map((id) => ({
    id,
    label: MEASURES[id].label,
    definition: MEASURES[id].definition,
    cells: rows.map((row) => formatMeasure(row.total[id])),
  }));
}

export const DEFINITIONS = MEASURE_IDS.map((id) => ({
  id,
  label: MEASURES[id].label,
  definition: MEASURES[id].definition,
  timing: MEASURES[id].timing,
}));

// ---------------------------------------------------------------- pages

// The borough-wide comparison is counted by the database (./measures-sql) at any
// size: requests that arrive together share one computation, reused for the day
// while nothing public changes.
//
// At country size one count of the whole borough takes seconds (about 15 s at
// 1,000,000 tasks): once a count has taken longer than this, a change no longer
// makes visitors wait for the next one. They get the last count, dated on the
// page, while one recount runs in the background and replaces it when done.
// (MEASURES_RECOUNT_AFTER_MS, 1 s unless configured).
const inBackground = () => ({ recountInBackgroundAfterMs: env().MEASURES_RECOUNT_AFTER_MS });
// Each memo keeps today's only: yesterday's is never asked for again, and at country size each
// day kept would add its page, count and CSV again to what the process holds.
const boroughComparisons = new ChangeMemo<Awaited<ReturnType<typeof computeBoroughComparison>>>(1);
// The count behind it, shared with the borough-wide CSV the same way.
const boroughCounts = new ChangeMemo<CountedFigures>(1);

function boroughWideFigures(now: Date, database: Executor, lookup = {}) {
  const today = toIsoDate(now);
  return boroughCounts.get(
    today,
    () => countFigures(lastTwelveMonths(now), { audience: "public", today }, database),
    database,
    lookup,
  );
}

/**
 * `/how-were-doing`: every assembly side by side, and every neighbourhood's
 * 12-month figures, with the instant they were counted at.
 */
export async function boroughComparison(now = new Date(), database: Executor = db()) {
  const { value, computedAt, recounting } = await boroughComparisons.lookup(
    toIsoDate(now),
    () => computeBoroughComparison(now, database),
    database,
    inBackground(),
  );
  return {
    ...value,
    counted: {
      at: computedAt.toISOString(),
      words: `${timeInWords(computedAt)} on ${dayInWords(computedAt)}`,
      /** Out of date: served while the figures are counted again (a page cache must not keep it). */
      recounting,
    },
  };
}

/** Settles when no background recount of the borough is running (for tests and the benchmark). */
export async function boroughRecounted(now = new Date()) {
  await boroughComparisons.recounted(toIsoDate(now));
  await boroughCsvFiles.recounted(toIsoDate(now));
}

// The borough-wide CSV (72,000 lines at country size, a second to write out), kept like the page
// as the file's bytes: one buffer of 8 MB, not a string a line, and sent as it is.
const boroughCsvFiles = new ChangeMemo<Uint8Array<ArrayBuffer>>(1);

/**
 * The borough-wide CSV file, made from its rows by `file` (the route's CSV
 * encoder): kept while nothing public changes, and once slow to make,
 * recounted in the background after a change while the last file is served,
 * marked `recounting` (as the page).
 */
export async function boroughMeasuresCsv(
  file: (rows: Iterable<string[]>) => Uint8Array<ArrayBuffer>,
  now = new Date(),
  database: Executor = db(),
): Promise<{ body: Uint8Array<ArrayBuffer>; recounting: boolean }> {
  // Writing the file out is quick once the count is made; what is slow is the count behind it.
  const slow = env().MEASURES_RECOUNT_AFTER_MS;
  const countTook = boroughCounts.tookMs(toIsoDate(now)) ?? 0;
  const { value, recounting } = await boroughCsvFiles.lookup(
    toIsoDate(now),
    async () => file(csvRows(await csvTables({}, now, database))),
    database,
    { recountInBackgroundAfterMs: countTook >= slow ? 0 : slow },
  );
  return { body: value, recounting };
}

async function computeBoroughComparison(now: Date, database: Executor) {
  const months = lastTwelveMonths(now);
  const [places, counted] = await Promise.all([listPlaces(database), boroughWideFigures(now, database)]);
  const assemblyScopes = places.map((a) => ({
    scope: { kind: "assembly" as const, id: a.id },
    name: a.name,
    slug: a.slug,
  }));
  const neighbourhoodScopes = places.flatMap((a) =>
    a.neighbourhoods.map((n) => ({
      scope: { kind: "neighbourhood" as const, id: n.id },
      name: n.name,
      slug: n.slug,
    })),
  );
  const rows = namedFigures(counted, [
    ...assemblyScopes,
    { scope: { kind: "borough" }, name: "Whole borough", slug: "" },
    ...neighbourhoodScopes,
  ]);
  const assemblyRows = rows.slice(0, assemblyScopes.length);
  const boroughRow = rows[assemblyScopes.length];
  const neighbourhoodRows = rows.slice(assemblyScopes.length + 1);
  const assemblyOf = new Map(places.flatMap((a) => a.neighbourhoods.map((n) => [n.id, a] as const)));
  return {
    months: months.map((month) => ({ month, label: shortMonth(month) })),
    period: { from: monthInWords(months[0]), to: monthInWords(months[months.length - 1]) },
    assemblies: places.map((a) => ({ slug: a.slug, name: a.name, neighbourhoods: a.neighbourhoods.length })),
    charts: CHART_MEASURES.map((id) => barChart(id, assemblyRows, months, "borough")),
    trend: lineChart("publicUpdates", [boroughRow], months, "borough-trend"),
    assemblyTable: {
      columns: [...assemblyRows.map((r) => r.name), boroughRow.name],
      rows: measureRows([...assemblyRows, boroughRow]),
    },
    neighbourhoods: neighbourhoodRows.map((row) => {
      const scope = row.scope as { kind: "neighbourhood"; id: number };
      const assembly = assemblyOf.get(scope.id);
      return {
        slug: row.slug,
        name: row.name,
        assemblySlug: assembly?.slug ?? "",
        assemblyName: assembly?.name ?? "",
        cells: CHART_MEASURES.map((id) => formatMeasure(row.total[id])),
      };
    }),
    neighbourhoodColumns: CHART_MEASURES.map((id) => MEASURES[id].label),
    definitions: DEFINITIONS,
  };
}
export type BoroughComparison = Awaited<ReturnType<typeof boroughComparison>>;

/** `/how-were-doing/:assemblySlug`: the assembly's neighbourhoods side by side, month by month. */
export async function assemblyComparison(slug: string, now = new Date(), database: Executor = db()) {
  const places = await listPlaces(database);
  const assembly = places.find((a) => a.slug === slug);
  if (!assembly) return null;
  const months = lastTwelveMonths(now);
  const [whole, ...rows] = await figuresFromDatabase(
    [
      { scope: { kind: "assembly", id: assembly.id }, name: `${assembly.name} (all)`, slug: assembly.slug },
      ...assembly.neighbourhoods.map((n) => ({
        scope: { kind: "neighbourhood" as const, id: n.id },
        name: n.name,
        slug: n.slug,
      })),
    ],
    months,
    { audience: "public", today: toIsoDate(now), assemblyId: assembly.id },
    database,
  );
  return {
    assembly: { slug: assembly.slug, name: assembly.name },
    neighbourhoods: assembly.neighbourhoods.map((n) => ({ slug: n.slug, name: n.name })),
    otherAssemblies: places.filter((a) => a.id !== assembly.id).map((a) => ({ slug: a.slug, name: a.name })),
    months: months.map((month) => ({ month, label: shortMonth(month) })),
    period: { from: monthInWords(months[0]), to: monthInWords(months[months.length - 1]) },
    charts: CHART_MEASURES.map((id) => lineChart(id, rows, months, assembly.slug)),
    table: { columns: [...rows.map((r) => r.name), whole.name], rows: measureRows([...rows, whole]) },
    definitions: DEFINITIONS,
  };
}
export type AssemblyComparison = NonNullable<Awaited<ReturnType<typeof assemblyComparison>>>;

// ---------------------------------------------------------------- CSV

/** A measure's CSV column: snake_case like every other CSV here (`tasksAcceptedOnTime` → `tasks_accepted_on_time`). */
export const measureColumn = (id: string) => id.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

export const MEASURES_CSV_HEADER = [
  "area_type",
  "area",
  "area_slug",
  "assembly",
  "month",
  ...MEASURE_IDS.flatMap((id) => {
    const kind = MEASURES[id].kind;
    const column = measureColumn(id);
    if (kind === "rate") return [column, `${column}_cases`, `${column}_of`];
    if (kind === "median") return [column, `${column}_cases`];
    return [column];
  }),
];

function csvCells(figures: ScopeFigures["total"]): string[] {
  return MEASURE_IDS.flatMap((id) => {
    const value = figures[id];
    if (value.kind === "rate") return [csvValue(value), String(value.numerator), String(value.denominator)];
    if (value.kind === "median") return [csvValue(value), String(value.cases)];
    return [csvValue(value)];
  });
}

/**
 * The public figures as CSV rows: one row per place and month. Rates are
 * percentages (empty when too few to compare, with the cases alongside),
 * medians in working days.
 */
export async function measuresCsv(
  filter: { assemblySlug?: string },
  now = new Date(),
  database: Executor = db(),
): Promise<{ rows: string[][] } | null> {
  const tables = await csvTables(filter, now, database);
  return tables && { rows: [...csvRows(tables)] };
}

type CsvTables = { tables: ScopeFigures[]; assemblyOf: Map<string, string> };

/** The places' figures a CSV is written from (null: no such assembly). */
async function csvTables(
  filter: { assemblySlug?: string },
  now: Date,
  database: Executor,
): Promise<CsvTables | null> {
  const places = await listPlaces(database);
  const chosen = filter.assemblySlug ? places.filter((a) => a.slug === filter.assemblySlug) : places;
  if (filter.assemblySlug && !chosen.length) return null;
  const months = lastTwelveMonths(now);
  const scopes = chosen.flatMap((assembly) => [
    { scope: { kind: "assembly" as const, id: assembly.id }, name: assembly.name, slug: assembly.slug },
    ...assembly.neighbourhoods.map((n) => ({
      scope: { kind: "neighbourhood" as const, id: n.id },
      name: n.name,
      slug: n.slug,
    })),
  ]);
  const assemblyOf = new Map(
    chosen.flatMap((a) => [
      [`assembly:${a.id}`, a.name] as const,
      ...a.neighbourhoods.map((n) => [`neighbourhood:${n.id}`, a.name] as const),
    ]),
  );
  const tables = filter.assemblySlug
    ? await figuresFromDatabase(
        scopes,
        months,
        { audience: "public", today: toIsoDate(now), assemblyId: chosen[0].id },
        database,
      )
    : namedFigures(await boroughWideFigures(now, database), scopes);
  return { tables, assemblyOf };
}

/** The rows one at a time (a place's months are counted out only as its rows are written). */
function* csvRows(csv: CsvTables | null): Generator<string[]> {
  if (!csv) return;
  for (const table of csv.tables) {
    const { kind, id } = table.scope as { kind: "assembly" | "neighbourhood"; id: number };
    for (const { month, figures } of table.byMonth) {
      const place = [kind, table.name, table.slug, csv.assemblyOf.get(`${kind}:${id}`) ?? "", month];
      yield [...place, ...csvCells(figures)];
    }
  }
}
