// Names of the kinds of agency, in words (safe to use in page components).
// The kinds themselves are the agency_kind enum's (db/kinds.ts).
import type { agencyKinds } from "~db/kinds";

export type AgencyKind = (typeof agencyKinds)[number];

export const AGENCY_KIND_NAME: Record<AgencyKind, string> = {
  police: "Police",
  council: "Council",
  trading_standards: "Trading standards",
  youth_offending: "Youth offending team",
  housing: "Housing",
  fire: "Fire and rescue",
  health: "Health",
  community_group: "Community group",
  other: "Other",
};
