// Crime and justice figures from data.police.uk: street-level crimes by
// category and by outcome category, for each neighbourhood with a police.uk
// id, stored with the month they describe. Only counts are kept — never a
// location, a street, a crime id or anything that names a person.
import { and, asc, type Column, desc, eq, inArray, isNotNull, lte, type SQLWrapper, sql } from "drizzle-orm";
import type { CrimeSummary, PoliceUkCrimeClient } from "~/integrations/police-uk-crime.server";
import { db, type Executor, prepared } from "~db/client.server";
import { jsonList, jsonRowOf, readJsonRows } from "~db/json-rows";
import { crimeFigures, neighbourhoods } from "~db/schema";
import { compareNames } from "../core/words";
import { addMonths, type Month, monthInWords, monthsEnding } from "./measures";

export const CRIME_SOURCE = {
  name: "data.police.uk",
  url: "https://data.police.uk/",
  licence: "Open Government Licence v3.0",
  note: "Street-level crimes reported within the neighbourhood’s boundary. Locations are approximate and are not shown here.",
};

const CATEGORY_NAMES: Record<string, string> = {
  "anti-social-behaviour": "Anti-social behaviour",
  "bicycle-theft": "Bicycle theft",
  burglary: "Burglary",
  "criminal-damage-arson": "Criminal damage and arson",
  drugs: "Drugs",
  "other-theft": "Other theft",
  "possession-of-weapons": "Possession of weapons",
  "public-order": "Public order",
  robbery: "Robbery",
  shoplifting: "Shoplifting",
  "theft-from-the-person": "Theft from the person",
  "vehicle-crime": "Vehicle crime",
  "violent-crime": "Violence and sexual offences",
  "other-crime": "Other crime",
};

/** Outcomes whose police.uk words need explaining to residents. */
const OUTCOME_NAMES: Record<string, string> = {
  "Offender given community sentence": "Community sentence (Community Payback)",
};

/** The outcome recorded for crimes police.uk has no outcome for (anti-social behaviour has none). */
export const NO_OUTCOME = "No outcome recorded";

export function crimeCategoryName(slug: string): string {
  return CATEGORY_NAMES[slug] ?? slug.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase());
}

export function outcomeName(category: string): string {
  return OUTCOME_NAMES[category] ?? category;
}

/** Counts by category and by outcome: what is stored for a neighbourhood and month. */
export function summariseCrimes(crimes: CrimeSummary[]) {
  const categories = new Map<string, number>();
  const outcomes = new Map<string, number>();
  for (const crime of crimes) {
    categories.set(crime.category, (categories.get(crime.category) ?? 0) + 1);
    const outcome = crime.outcome ?? NO_OUTCOME;
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  return { total: crimes.length, categories, outcomes };
}

/** Replaces a neighbourhood's figures for one month (in one transaction). */
export async function storeCrimeFigures(
  neighbourhoodId: number,
  month: Month,
  crimes: CrimeSummary[],
  database: Executor = db(),
) {
  const summary = summariseCrimes(crimes);
  const fetchedAt = new Date();
  await database.transaction(async (tx) => {
    await tx
      .delete(crimeFigures)
      .where(and(eq(crimeFigures.neighbourhoodId, neighbourhoodId), eq(crimeFigures.month, month)));
    await tx.insert(crimeFigures).values([
      { neighbourhoodId, month, kind: "total", name: "all", count: summary.total, fetchedAt },
      ...[...summary.categories].map(([name, count]) => ({
        neighbourhoodId,
        month,
        kind: "category" as const,
        name,
        count,
        fetchedAt,
      })),
      ...[...summary.outcomes].map(([name, count]) => ({
        neighbourhoodId,
        month,
        kind: "outcome" as const,
        name,
        count,
        fetchedAt,
      })),
    ]);
  });
  return summary;
}

// ---------------------------------------------------------------- reading

export type CrimeMonth = {
  neighbourhoodId: number;
  month: Month;
  monthLabel: string;
  total: number;
  categories: Array<{ name: string; label: string; count: number }>;
  outcomes: Array<{ name: string; label: string; count: number }>;
  fetchedAt: Date;
  source: typeof CRIME_SOURCE;
};

type Row = {
  neighbourhoodId: number;
  month: string;
  kind: "total" | "category" | "outcome";
  name: string;
  count: number;
  fetchedAt: Date;
};

function toCrimeMonths(rows: Row[]): CrimeMonth[] {
  const byKey = new Map<string, CrimeMonth>();
  for (const row of rows) {
    const key = `${row.neighbourhoodId}:${row.month}`;
    let entry = byKey.get(key);
    if (!entry) {
      entry = {
        neighbourhoodId: row.neighbourhoodId,
        month: row.month,
        monthLabel: monthInWords(row.month),
        total: 0,
        categories: [],
        outcomes: [],
        fetchedAt: row.fetchedAt,
        source: CRIME_SOURCE,
      };
      byKey.set(key, entry);
    }
    if (row.kind === "total") entry.total = row.count;
    else if (row.kind === "category") {
      entry.categories.push({ name: row.name, label: crimeCategoryName(row.name), count: row.count });
    } else entry.outcomes.push({ name: row.name, label: outcomeName(row.name), count: row.count });
  }
  const byCount = (a: { count: number; label: string }, b: { count: number; label: string }) =>
    b.count - a.count || compareNames(a.label, b.label);
  return [...byKey.values()].map((entry) => ({
    ...entry,
    categories: entry.categories.sort(byCount),
    outcomes: entry.outcomes.sort(byCount),
  }));
}

const columns = {
  neighbourhoodId: crimeFigures.neighbourhoodId,
  month: crimeFigures.month,
  kind: crimeFigures.kind,
  name: crimeFigures.name,
  count: crimeFigures.count,
  fetchedAt: crimeFigures.fetchedAt,
};

/** The rows of a neighbourhood's latest stored month, as `fields`: a lookup on the primary key. */
function latestMonthQuery(database: Executor, neighbourhoodId: SQLWrapper, fields: Record<string, unknown>) {
  return database
    .select(fields as typeof columns)
    .from(crimeFigures)
    .where(
      and(
        eq(crimeFigures.neighbourhoodId, neighbourhoodId),
        eq(
          crimeFigures.month,
          sql`(select max(${crimeFigures.month}) from ${crimeFigures} where ${crimeFigures.neighbourhoodId} = ${neighbourhoodId})`,
        ),
      ),
    );
}

/**
 * A neighbourhood's latest stored month of crime figures, in one query on the
 * primary key (for the neighbourhood page, whose cost must not grow).
 */
export async function latestCrimeFigures(
  neighbourhoodId: number,
  database: Executor = db(),
): Promise<CrimeMonth | null> {
  const query = prepared(database, "latest crime figures", (d) =>
    latestMonthQuery(d, sql.placeholder("neighbourhoodId"), columns).prepare("latest_crime_figures"),
  );
  const rows = await query.execute({ neighbourhoodId });
  return toCrimeMonths(rows as Row[])[0] ?? null;
}

/**
 * The same, of the neighbourhood whose id is `neighbourhoodId` (its column, in a statement that
 * reads the neighbourhood), as a JSON list for `readLatestCrimeFigures`.
 */
export const latestCrimeFiguresJson = (database: Executor, neighbourhoodId: Column) =>
  jsonList(latestMonthQuery(database, neighbourhoodId, jsonRowOf(columns)));

export const readLatestCrimeFigures = (value: unknown): CrimeMonth | null =>
  toCrimeMonths(readJsonRows<Row>(columns, value))[0] ?? null;

/** For each neighbourhood, the latest stored month at or before `month`. */
export async function crimeFiguresUpTo(
  neighbourhoodIds: number[],
  month: Month,
  database: Executor = db(),
): Promise<Map<number, CrimeMonth>> {
  if (!neighbourhoodIds.length) return new Map();
  const latest = await database
    .selectDistinctOn([crimeFigures.neighbourhoodId], {
      neighbourhoodId: crimeFigures.neighbourhoodId,
      month: crimeFigures.month,
    })
    .from(crimeFigures)
    .where(and(inArray(crimeFigures.neighbourhoodId, neighbourhoodIds), lte(crimeFigures.month, month)))
    .orderBy(asc(crimeFigures.neighbourhoodId), desc(crimeFigures.month));
  if (!latest.length) return new Map();
  const rows = await database
    .select(columns)
    .from(crimeFigures)
    .where(
      sql`(${crimeFigures.neighbourhoodId}, ${crimeFigures.month}) in (${sql.join(
        latest.map((l) => sql`(${l.neighbourhoodId}::int, ${l.month}::text)`),
        sql`, `,
      )})`,
    );
  return new Map(toCrimeMonths(rows as Row[]).map((m) => [m.neighbourhoodId, m]));
}

/** Three months of crime by category, side by side with the same months a year before. */
export type CrimeTrend = {
  neighbourhoodId: number;
  months: Array<{ month: Month; label: string; yearBefore: Month; yearBeforeLabel: string }>;
  // null: that month was never imported.
  rows: Array<{
    name: string;
    label: string;
    counts: Array<number | null>;
    yearBefore: Array<number | null>;
  }>;
  total: { counts: Array<number | null>; yearBefore: Array<number | null> };
  source: typeof CRIME_SOURCE;
};

export const TREND_MONTHS = 3;

/**
 * For each neighbourhood with figures: the last three stored months at or
 * before `upTo`, by category, against the same months a year before (null
 * where that year's month was never imported). Neighbourhoods with no
 * figures are absent.
 */
export async function crimeTrends(
  neighbourhoodIds: number[],
  upTo: Month,
  database: Executor = db(),
): Promise<Map<number, CrimeTrend>> {
  const latest = await crimeFiguresUpTo(neighbourhoodIds, upTo, database);
  if (!latest.size) return new Map();
  const wanted = [...latest.values()].flatMap((m) =>
    monthsEnding(m.month, TREND_MONTHS).flatMap((month) => [
      sql`(${m.neighbourhoodId}::int, ${month}::text)`,
      sql`(${m.neighbourhoodId}::int, ${addMonths(month, -12)}::text)`,
    ]),
  );
  const rows = (await database
    .select(columns)
    .from(crimeFigures)
    .where(
      and(
        inArray(crimeFigures.kind, ["total", "category"]),
        sql`(${crimeFigures.neighbourhoodId}, ${crimeFigures.month}) in (${sql.join(wanted, sql`, `)})`,
      ),
    )) as Row[];
  const stored = new Map(toCrimeMonths(rows).map((m) => [`${m.neighbourhoodId}:${m.month}`, m]));
  const trends = new Map<number, CrimeTrend>();
  for (const { neighbourhoodId, month: last } of latest.values()) {
    const months = monthsEnding(last, TREND_MONTHS);
    const now = months.map((m) => stored.get(`${neighbourhoodId}:${m}`));
    const then = months.map((m) => stored.get(`${neighbourhoodId}:${addMonths(m, -12)}`));
    const names = new Map<string, string>();
    for (const m of [...now, ...then]) for (const c of m?.categories ?? []) names.set(c.name, c.label);
    const countIn = (m: CrimeMonth | undefined, name: string) =>
      m ? (m.categories.find((c) => c.name === name)?.count ?? 0) : null;
    const categoryRows = [...names].map(([name, label]) => ({
      name,
      label,
      counts: now.map((m) => countIn(m, name)),
      yearBefore: then.map((m) => countIn(m, name)),
    }));
    const sum = (values: Array<number | null>) => values.reduce<number>((a, b) => a + (b ?? 0), 0);
    categoryRows.sort((a, b) => sum(b.counts) - sum(a.counts) || compareNames(a.label, b.label));
    trends.set(neighbourhoodId, {
      neighbourhoodId,
      months: months.map((month) => ({
        month,
        label: monthInWords(month),
        yearBefore: addMonths(month, -12),
        yearBeforeLabel: monthInWords(addMonths(month, -12)),
      })),
      rows: categoryRows,
      total: { counts: now.map((m) => m?.total ?? null), yearBefore: then.map((m) => m?.total ?? null) },
      source: CRIME_SOURCE,
    });
  }
  return trends;
}

// ---------------------------------------------------------------- importing

export type CrimeImportSummary = {
  neighbourhoods: number;
  stored: Array<{ neighbourhood: string; month: Month; crimes: number }>;
  skipped: Array<{ neighbourhood: string; month?: Month; reason: string }>;
  failed: Array<{ neighbourhood: string; month?: Month; reason: string }>;
  latestMonth: Month | null;
  requests: number;
  retries: number;
  splits: number;
};

/**
 * Fetches the last `months` available months of street-level crimes for each
 * neighbourhood with police.uk ids (or the one named), skipping months already
 * stored unless `refresh`. A failure for one neighbourhood or month is
 * reported and the rest carry on.
 */
export async function importCrimeFigures(options: {
  client: PoliceUkCrimeClient;
  months?: number;
  neighbourhoodSlug?: string;
  refresh?: boolean;
  log?: (line: string) => void;
  database?: Executor;
}): Promise<CrimeImportSummary> {
  const database = options.database ?? db();
  const log = options.log ?? (() => {});
  const client = options.client;
  const summary: CrimeImportSummary = {
    neighbourhoods: 0,
    stored: [],
    skipped: [],
    failed: [],
    latestMonth: null,
    requests: 0,
    retries: 0,
    splits: 0,
  };
  const finish = () => ({
    ...summary,
    requests: client.requests,
    retries: client.retries,
    splits: client.splits,
  });
  const places = await database
    .select({
      id: neighbourhoods.id,
      slug: neighbourhoods.slug,
      force: neighbourhoods.policeForceId,
      code: neighbourhoods.policeNeighbourhoodId,
    })
    .from(neighbourhoods)
    .where(
      and(
        isNotNull(neighbourhoods.policeForceId),
        isNotNull(neighbourhoods.policeNeighbourhoodId),
        options.neighbourhoodSlug ? eq(neighbourhoods.slug, options.neighbourhoodSlug) : undefined,
      ),
    )
    .orderBy(asc(neighbourhoods.slug));
  summary.neighbourhoods = places.length;
  if (!places.length) return finish();

  const latest = await client.lastUpdatedMonth();
  if (latest.kind !== "found") {
    summary.failed.push({
      neighbourhood: "all",
      reason: latest.kind === "not_found" ? "no crime dates on police.uk" : latest.reason,
    });
    return finish();
  }
  summary.latestMonth = latest.value;
  const wanted = monthsEnding(latest.value, Math.max(1, options.months ?? 3));
  const stored = await database
    .selectDistinct({ neighbourhoodId: crimeFigures.neighbourhoodId, month: crimeFigures.month })
    .from(crimeFigures)
    .where(
      and(
        inArray(
          crimeFigures.neighbourhoodId,
          places.map((p) => p.id),
        ),
        inArray(crimeFigures.month, wanted),
      ),
    );
  const have = new Set(stored.map((s) => `${s.neighbourhoodId}:${s.month}`));

  for (const [index, place] of places.entries()) {
    const todo = wanted.filter((month) => options.refresh || !have.has(`${place.id}:${month}`));
    log(`[${index + 1}/${places.length}] ${place.slug}: ${todo.length ? todo.join(", ") : "up to date"}`);
    for (const month of wanted.filter((m) => !todo.includes(m))) {
      summary.skipped.push({ neighbourhood: place.slug, month, reason: "already stored" });
    }
    if (!todo.length) continue;
    const boundary = await client.boundary(place.force as string, place.code as string);
    if (boundary.kind !== "found") {
      const reason =
        boundary.kind === "not_found" ? "police.uk does not know this neighbourhood" : boundary.reason;
      summary.failed.push({ neighbourhood: place.slug, reason });
      log(`  ${place.slug}: ${reason}`);
      continue;
    }
    for (const month of todo) {
      const crimes = await client.streetCrimes(boundary.value, month);
      if (crimes.kind === "not_found") {
        summary.skipped.push({ neighbourhood: place.slug, month, reason: "no data for this month" });
        continue;
      }
      if (crimes.kind === "failed") {
        summary.failed.push({ neighbourhood: place.slug, month, reason: crimes.reason });
        log(`  ${place.slug} ${month}: ${crimes.reason}`);
        continue;
      }
      await storeCrimeFigures(place.id, month, crimes.value, database);
      summary.stored.push({ neighbourhood: place.slug, month, crimes: crimes.value.length });
      log(`  ${place.slug} ${month}: ${crimes.value.length} crimes`);
    }
  }
  return finish();
}
