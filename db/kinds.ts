// The kinds of agency and of meeting: the values of the agency_kind and
// meeting_kind enums (db/schema.ts builds the pgEnums from these lists). Kept in
// a module with no imports so page components can use them without pulling the
// schema into the browser bundle. Adding a kind: here, its name in
// app/domain/core/agency-kinds.ts or meeting-kinds.ts, and a migration.
export const agencyKinds = [
  "police",
  "council",
  "trading_standards",
  "youth_offending",
  "housing",
  "fire",
  "health",
  "community_group",
  "other",
] as const;
export const meetingKinds = ["pact", "area_assembly", "street_meeting"] as const;
