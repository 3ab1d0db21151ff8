// The kinds of meeting and their names (pure, safe in the browser bundle).
// The list itself is the meeting_kind enum's (db/kinds.ts).
import { meetingKinds } from "~db/kinds";

export const MEETING_KINDS = meetingKinds;
export type MeetingKind = (typeof MEETING_KINDS)[number];

export const MEETING_KIND_NAME: Record<MeetingKind, string> = {
  pact: "PACT meeting",
  area_assembly: "Area Assembly meeting",
  street_meeting: "Street meeting",
};
