// What became of a concern, as the public reads it (pure: pages and the browser bundle share it).

export type ConcernOutcome =
  | { status: "new" }
  | { status: "adopted"; priorities: Array<{ id: number; title: string }> }
  | { status: "answered"; answer: string }
  | { status: "referred"; agencyName: string }
  | { status: "not_adopted"; reason: string };

/** The public words for what became of a concern. */
export const CONCERN_OUTCOME_LABEL: Record<ConcernOutcome["status"], string> = {
  new: "Waiting for the chair’s decision",
  adopted: "Made a neighbourhood priority",
  answered: "Answered at the meeting",
  referred: "Passed to the service that deals with it",
  not_adopted: "Not made a priority",
};
