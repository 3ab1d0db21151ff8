// The words used for every status, on every page, feed and export.
import type { concernStatuses, meetingStatuses, priorityStatuses, taskStatuses } from "~db/schema";
import { TASK_STATUS_GROUPS } from "./tasks";

export type PriorityStatus = (typeof priorityStatuses)[number];
export type TaskStatus = (typeof taskStatuses)[number];
export type ConcernStatus = (typeof concernStatuses)[number];
export type MeetingStatus = (typeof meetingStatuses)[number];

export const PRIORITY_STATUS: Record<PriorityStatus, { label: string; meaning: string; current: boolean }> = {
  // Staff words for the stored status; the public is told what is really happening (./public-status).
  active: {
    label: "Active",
    meaning: "Agreed and open: its tasks are offered to agencies and reported on at each meeting.",
    current: true,
  },
  monitoring: {
    label: "Monitoring",
    meaning: "The meeting agreed things have improved and is checking that the improvement lasts.",
    current: true,
  },
  resolved: {
    label: "Resolved",
    meaning: "The meeting agreed the problem has been dealt with.",
    current: false,
  },
  closed: {
    label: "Closed — no further action",
    meaning: "The meeting closed this without it being resolved. The reason is given below.",
    current: false,
  },
  referred: {
    label: "Referred elsewhere",
    meaning: "This is now dealt with by another organisation or process, named below.",
    current: false,
  },
};

export const TASK_STATUS: Record<TaskStatus, string> = {
  offered: "Waiting for the agency to accept",
  accepted: "Accepted",
  in_progress: "In progress",
  done: "Done",
  declined: "Declined",
  withdrawn: "Withdrawn",
};

/** An agency takes part in a priority while one of its tasks there is in one of these (not declined or withdrawn). */
export const INVOLVED_TASK_STATUSES = TASK_STATUS_GROUPS.involved;

export const CONCERN_STATUS: Record<ConcernStatus, string> = {
  new: "New",
  adopted: "Adopted as a priority",
  answered: "Answered at the meeting",
  referred: "Referred to an agency",
  not_adopted: "Not adopted",
};

export const MEETING_STATUS: Record<MeetingStatus, string> = {
  scheduled: "Scheduled",
  held: "Held",
  cancelled: "Cancelled",
};

export const CURRENT_PRIORITY_STATUSES = (Object.keys(PRIORITY_STATUS) as PriorityStatus[]).filter(
  (status) => PRIORITY_STATUS[status].current,
);
export const PAST_PRIORITY_STATUSES = (Object.keys(PRIORITY_STATUS) as PriorityStatus[]).filter(
  (status) => !PRIORITY_STATUS[status].current,
);
