// The inbox's status filters and page size (pure: the inbox page uses them in the browser too).

export const INBOX_PAGE_SIZE = 25;

export const INBOX_STATUS_FILTERS = [
  "open",
  "offered",
  "accepted",
  "in_progress",
  "done",
  "declined",
  "withdrawn",
  "all",
] as const;
export type InboxStatusFilter = (typeof INBOX_STATUS_FILTERS)[number];

export const INBOX_STATUS_LABEL: Record<InboxStatusFilter, string> = {
  open: "Still to do (offered, accepted or in progress)",
  offered: "Offered",
  accepted: "Accepted",
  in_progress: "In progress",
  done: "Done",
  declined: "Declined",
  withdrawn: "Withdrawn",
  all: "All",
};
