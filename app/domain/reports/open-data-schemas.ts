// The shapes of the open data, once: the API's JSON and the police.uk-shaped
// priorities. app/domain/reports/open-data.ts builds responses typed by these schemas,
// and /api/v1/openapi.json is generated from them, so the two cannot drift.
// A new field goes here first; TypeScript then asks for it where it is built.
import { z } from "zod";
import { agencyKinds, meetingKinds, meetingStatuses, priorityStatuses } from "~db/schema";
import { publicPhases } from "../lifecycle/public-status";
import { PUBLIC_TASK_STATUSES } from "../publication";

/**
 * A police.uk force or neighbourhood id as police.uk writes them: letters and
 * digits with spaces, dots, hyphens and the like (`55.CR3001`, `Rotherham Central`).
 */
export const policeUkId = z
  .string()
  .max(80)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._'&(),-]*$/u)
  .describe("A police.uk id, URL-encoded in the path (for example 55.CR3001 or Rotherham%20Central).");

const url = z.url().describe("An absolute address on this site (PUBLIC_URL).");
const isoDate = z.iso.date().describe("A calendar date, YYYY-MM-DD.");
const isoTime = z.iso.datetime().describe("A moment in UTC, ISO 8601.");

export const neighbourhoodSchema = z
  .object({
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    assembly: z.object({ slug: z.string(), name: z.string() }),
    police_uk: z
      .object({ force: z.string(), neighbourhood: z.string() })
      .nullable()
      .describe("police.uk force and neighbourhood ids; null when not set."),
    links: z.object({
      self: url,
      html: url,
      priorities: url,
      meetings: url,
      feed: url,
      calendar: url,
      csv: url,
    }),
  })
  .meta({ id: "Neighbourhood" });

export const figureSchema = z
  .object({ label: z.string(), value: z.number(), unit: z.string() })
  .meta({ id: "Figure" });

export const updateSchema = z
  .object({
    id: z.int(),
    task_id: z.int(),
    agency: z.string(),
    body: z.string(),
    created_at: isoTime,
    is_outcome: z.boolean(),
    residents_asked: z.boolean().nullable(),
    figures: z.array(figureSchema),
  })
  .meta({ id: "Update" });

export const taskSchema = z
  .object({
    id: z.int(),
    agency: z.object({ name: z.string(), kind: z.enum(agencyKinds) }),
    title: z.string(),
    ask: z.string(),
    status: z
      .enum(PUBLIC_TASK_STATUSES)
      .describe("offered (waiting for the agency to accept), accepted, in_progress or done."),
    status_label: z.string(),
    due_date: isoDate,
    overdue: z.boolean(),
    outcome: z.string().nullable(),
    residents_asked: z.boolean().nullable(),
    completed_at: isoTime.nullable(),
  })
  .meta({ id: "Task" });

export const prioritySchema = z
  .object({
    id: z.int(),
    neighbourhood: z.string().describe("The neighbourhood's slug."),
    title: z.string(),
    you_said: z.string(),
    category: z.object({ slug: z.string(), name: z.string() }).nullable(),
    status: z
      .enum(priorityStatuses)
      .describe(
        "The status the meeting recorded: active (agreed and open), monitoring (improved; the meeting checks it lasts), resolved, closed (no further action) or referred. What is really happening is in public_status.",
      ),
    status_label: z
      .string()
      .describe("What the public is told, in a few words (public_status.phase in words)."),
    status_meaning: z.string(),
    public_status: z
      .object({
        phase: z.enum(publicPhases),
        summary: z.string().describe("Plain sentences naming who is doing what, or how it ended."),
        ending: z.string().nullable().describe("For a past priority: its outcome, reason or where it went."),
        working_agencies: z.array(z.string()).describe("Agencies that accepted their part."),
        waiting_agencies: z.array(z.string()).describe("Agencies asked that have not accepted yet."),
        finished_agencies: z.array(z.string()),
        overdue_agencies: z.array(z.string()),
        review: z
          .object({
            date: isoDate,
            meeting: z.object({ id: z.int(), title: z.string(), starts_at: isoTime }).nullable(),
          })
          .nullable()
          .describe("When every agreed action is finished: the meeting (or date) that reviews it."),
      })
      .describe("The one derivation of what the public is told is happening (docs/api.md, Status words)."),
    current: z.boolean().describe("True while active or monitoring."),
    overdue: z.boolean(),
    stale: z.boolean(),
    agreed_on: isoDate,
    agreed_at_meeting: z.object({ id: z.int(), title: z.string(), starts_at: isoTime }).nullable(),
    review_date: isoDate,
    closed_at: isoTime.nullable(),
    outcome: z.object({
      summary: z.string().nullable(),
      closed_reason: z.string().nullable(),
      referred_to: z.string().nullable(),
    }),
    tasks: z.array(taskSchema),
    updates: z.array(updateSchema),
    links: z.object({ self: url, html: url }),
  })
  .meta({ id: "Priority" });

export const meetingSchema = z
  .object({
    id: z.int(),
    title: z.string(),
    kind: z.enum(meetingKinds),
    status: z.enum(meetingStatuses),
    starts_at: isoTime,
    ends_at: isoTime,
    venue: z.string(),
    address: z.string(),
    accessibility: z.string(),
    cancellation_reason: z.string().nullable(),
    attendance: z.int().nullable(),
    public_summary: z.string().nullable(),
    whats_working: z.string().nullable(),
    minutes_reference: z.string().nullable(),
    links: z.object({ self: url, html: url }),
  })
  .meta({ id: "Meeting" });

export const meetingWithNeighbourhoodsSchema = meetingSchema
  .extend({ neighbourhoods: z.array(z.string()).describe("Slugs of the neighbourhoods it covers.") })
  .meta({ id: "MeetingWithNeighbourhoods" });

const countedPage = z
  .object({ page: z.int(), per_page: z.int(), total: z.int(), pages: z.int() })
  .meta({ id: "CountedPage" });
const countedLinks = z
  .object({ self: url, first: url, last: url, prev: url.nullable(), next: url.nullable() })
  .meta({ id: "CountedLinks" });

export const neighbourhoodListSchema = z
  .object({ data: z.array(neighbourhoodSchema), meta: countedPage, links: countedLinks })
  .meta({ id: "NeighbourhoodList" });
export const neighbourhoodOneSchema = z
  .object({ data: neighbourhoodSchema })
  .meta({ id: "NeighbourhoodOne" });
export const priorityListSchema = z
  .object({ data: z.array(prioritySchema), meta: countedPage, links: countedLinks })
  .meta({ id: "PriorityList" });
export const priorityOneSchema = z.object({ data: prioritySchema }).meta({ id: "PriorityOne" });
export const meetingListSchema = z
  .object({
    data: z.array(meetingSchema),
    meta: z.object({ page: z.int(), per_page: z.int(), when: z.enum(["upcoming", "past"]) }),
    links: z.object({ self: url, first: url, prev: url.nullable(), next: url.nullable() }),
  })
  .meta({ id: "MeetingList" });
export const meetingOneSchema = z
  .object({ data: meetingWithNeighbourhoodsSchema })
  .meta({ id: "MeetingOne" });

export const policeUkPrioritySchema = z
  .object({
    issue: z.string().describe("HTML built from escaped text: the title and what residents said."),
    "issue-date": z.string().describe("UK local time without a zone: YYYY-MM-DDTHH:MM:SS."),
    action: z
      .string()
      .nullable()
      .describe("HTML: the latest public update with its figures, or how the priority ended."),
    "action-date": z.string().nullable(),
  })
  .meta({ id: "PoliceUkPriority" });
export const policeUkPrioritiesSchema = z.array(policeUkPrioritySchema).meta({ id: "PoliceUkPriorities" });

export const apiErrorSchema = z
  .object({
    error: z.object({
      status: z.int(),
      message: z.string(),
      fields: z.record(z.string(), z.array(z.string())).optional(),
    }),
  })
  .meta({ id: "Error" });

export type NeighbourhoodJson = z.infer<typeof neighbourhoodSchema>;
export type UpdateJson = z.infer<typeof updateSchema>;
export type TaskJson = z.infer<typeof taskSchema>;
export type PriorityJson = z.infer<typeof prioritySchema>;
export type MeetingJson = z.infer<typeof meetingSchema>;
export type PoliceUkPriority = z.infer<typeof policeUkPrioritySchema>;
export type NeighbourhoodListJson = z.infer<typeof neighbourhoodListSchema>;
export type NeighbourhoodOneJson = z.infer<typeof neighbourhoodOneSchema>;
export type PriorityListJson = z.infer<typeof priorityListSchema>;
export type PriorityOneJson = z.infer<typeof priorityOneSchema>;
export type MeetingListJson = z.infer<typeof meetingListSchema>;
export type MeetingOneJson = z.infer<typeof meetingOneSchema>;
export type ApiErrorJson = z.infer<typeof apiErrorSchema>;
