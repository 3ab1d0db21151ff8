// What an update counts: the figure type, the suggestions offered by agency
// kind, the checks on figures a partner gives, and the one loader of the
// figures of a list of updates (the task page, the meeting pack, the monthly
// report and the public updates all read figures through figuresByUpdate).
import { asc, inArray } from "drizzle-orm";
import type { Executor } from "~db/client.server";
import { updateFigures } from "~db/schema";
import type { AgencyKind } from "./agency-kinds";
import type { FieldErrors } from "./errors";

export type Figure = { label: string; value: number; unit: string };

/** What partners usually count, by agency kind (offered as suggestions, never required). */
export const FIGURE_SUGGESTIONS: Record<AgencyKind, string[]> = {
  police: [
    "patrols",
    "stop and checks",
    "arrests",
    "fixed penalty notices issued",
    "alcohol seized",
    "vehicles seized",
    "warning notices issued",
  ],
  council: [
    "warning letters",
    "acceptable behaviour contracts",
    "fixed penalty notices issued",
    "community protection warnings",
    "items removed",
    "premises visited",
  ],
  trading_standards: [
    "test purchases",
    "premises visited",
    "premises failed test purchases",
    "warning letters",
    "items seized",
  ],
  youth_offending: ["young people engaged", "prevention programmes completed", "home visits"],
  housing: ["tenancy warnings", "home visits", "repairs completed"],
  fire: ["home safety checks", "school sessions", "items removed"],
  health: ["people referred", "outreach sessions"],
  community_group: ["volunteers", "litter picks", "bags of litter collected", "events held"],
  other: ["visits", "items removed"],
};

/** Adds to `errors` what is wrong with the figures a partner gives (at most 20, each labelled, 0 or more). */
export function checkFigures(figures: readonly Figure[], errors: FieldErrors) {
  if (figures.length > 20) errors.figures = ["Give 20 figures or fewer"];
  figures.forEach((figure, index) => {
    if (!figure.label.trim()) errors[`figure-${index}-label`] = [`Enter what figure ${index + 1} counts`];
    if (!Number.isFinite(figure.value) || figure.value < 0 || figure.value >= 1e10) {
      errors[`figure-${index}-value`] = [`Enter figure ${index + 1} as a number of 0 or more`];
    }
  });
}

/**
 * The figures of these updates, by update id, each update's in the order they
 * were given (position, then id: two figures at one position keep the order
 * they were written in). An update without figures is not in the map.
 */
export async function figuresByUpdate(
  database: Executor,
  updateIds: readonly number[],
): Promise<Map<number, Figure[]>> {
  const byUpdate = new Map<number, Figure[]>();
  if (!updateIds.length) return byUpdate;
  const rows = await database
    .select({
      updateId: updateFigures.updateId,
      label: updateFigures.label,
      value: updateFigures.value,
      unit: updateFigures.unit,
    })
    .from(updateFigures)
    .where(inArray(updateFigures.updateId, [...updateIds]))
    .orderBy(asc(updateFigures.updateId), asc(updateFigures.position), asc(updateFigures.id));
  for (const row of rows) {
    const list = byUpdate.get(row.updateId) ?? [];
    list.push({ label: row.label, value: Number(row.value), unit: row.unit });
    byUpdate.set(row.updateId, list);
  }
  return byUpdate;
}
