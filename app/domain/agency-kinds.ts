// Names of the kinds of agency, in words (safe to use in page components).
export const AGENCY_KIND_NAME = {
  police: "Police",
  council: "Council",
  trading_standards: "Trading standards",
  youth_offending: "Youth offending team",
  housing: "Housing",
  fire: "Fire and rescue",
  health: "Health",
  community_group: "Community group",
  other: "Other",
} as const;

export type AgencyKind = keyof typeof AGENCY_KIND_NAME;
