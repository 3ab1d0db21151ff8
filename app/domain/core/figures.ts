// What an update counts: the figure type, the suggestions offered by agency
// kind, the checks on figures a partner gives, and the one way figures are read
// (the task page, the meeting pack, the monthly report and the public updates
// all select an update's figures with figuresOf).
import { sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
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
 * An update's figures as a column of the update's row (`figures: figuresOf(taskUpdates.id)`), in
 * the order they were given (position, then id: two figures at one position keep the order they
 * were written in); `[]` when it has none. Read in the same query as the update, so a list of
 * updates costs one round trip, not two.
 */
export const figuresOf = (updateId: AnyPgColumn) =>
  sql<
    Figure[]
  >`(select coalesce(json_agg(json_build_object('label', ${updateFigures.label}, 'value', ${updateFigures.value}, 'unit', ${updateFigures.unit}) order by ${updateFigures.position}, ${updateFigures.id}), '[]'::json) from ${updateFigures} where ${updateFigures.updateId} = ${updateId})`.mapWith(
    toFigures,
  );

function toFigures(value: unknown): Figure[] {
  const list = (typeof value === "string" ? JSON.parse(value) : value) as Figure[];
  return list.map((f) => ({ label: f.label, value: Number(f.value), unit: f.unit }));
}
