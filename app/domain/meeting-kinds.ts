// The kinds of meeting and their names (pure, safe in the browser bundle).
export const MEETING_KINDS = ["pact", "area_assembly", "street_meeting"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_KIND_NAME: Record<MeetingKind, string> = {
  pact: "PACT meeting",
  area_assembly: "Area Assembly meeting",
  street_meeting: "Street meeting",
};
