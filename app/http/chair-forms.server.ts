// The zod schemas of the chair's forms (one per form; routes parse with these,
// the domain re-checks the rules that need the database).
import { z } from "zod";
import { MEETING_KINDS, meetingTimesProblem } from "~/domain/meetings/meetings";
import { OPEN_TASK_CHOICES, REVIEW_OUTCOMES } from "~/domain/priorities/priorities";
import { id, isoDate, optionalText, text } from "./forms.server";

const time = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, `Enter ${label} as hours and minutes, like 18:30`);

/** One or many values of a repeated field (checkboxes) as a list. */
const many = <T extends z.ZodType>(item: T, message: string) =>
  z.preprocess(
    (value) => (value === undefined || value === "" ? [] : Array.isArray(value) ? value : [value]),
    z.array(item, { error: message }).min(1, message),
  );

const meetingTimes = z.object({ startTime: time("the start time"), endTime: time("the end time") });

export const meetingSchema = z
  .object({
    kind: z.enum(MEETING_KINDS, { error: "Choose the kind of meeting" }),
    title: optionalText("the title", 200),
    day: isoDate("the date"),
    ...meetingTimes.shape,
    venue: text("the venue", 200),
    address: optionalText("the address", 300),
    accessibilityNote: optionalText("the access information", 500),
    neighbourhoodIds: many(id("a neighbourhood"), "Choose at least one neighbourhood the meeting covers"),
  })
  .superRefine(
    (meeting, context) => {
      const problem = meetingTimesProblem(meeting.startTime, meeting.endTime);
      if (problem) context.addIssue({ code: "custom", path: ["endTime"], message: problem });
    },
    { when: (payload) => meetingTimes.safeParse(payload.value).success },
  );

export const recordSchema = z.object({
  attendance: z.coerce
    .number({ error: "Enter how many people attended, as a whole number" })
    .int("Enter how many people attended, as a whole number")
    .min(0, "Enter how many people attended, as a whole number")
    .max(100_000, "Enter how many people attended, as a whole number"),
  publicSummary: text("the public summary", 5000),
  whatsWorking: optionalText("what’s working", 3000),
  minutesReference: optionalText("the minutes reference", 500),
});

export const cancelSchema = z.object({
  intent: z.literal("cancel").optional(),
  reason: text("the public reason", 1000),
});

export const concernEntrySchema = z.object({
  neighbourhoodId: id("the neighbourhood"),
  categoryId: id("the category"),
  location: text("where it happens", 200),
  publicWording: text("the concern as it will be published", 2000),
  contactName: optionalText("the resident’s name", 200),
  contactEmail: z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    z.email("Enter an e-mail address like name@example.com").max(320).optional(),
  ),
  contactPhone: optionalText("the phone number", 40),
});

export const CONCERN_DECISIONS = ["none", "adopted", "answered", "referred", "not_adopted"] as const;

export const moderationSchema = z
  .object({
    publicWording: text("the public wording", 2000),
    location: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string().trim().max(200)),
    decision: z.enum(CONCERN_DECISIONS, { error: "Choose a decision" }).default("none"),
    priorityId: z.preprocess((v) => (v === "" ? undefined : v), id("the priority").optional()),
    answer: optionalText("the answer given", 2000),
    agencyId: z.preprocess((v) => (v === "" ? undefined : v), id("the agency").optional()),
    reason: optionalText("the reason", 2000),
  })
  .superRefine((value, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if (value.decision === "adopted" && value.priorityId == null) need("priorityId", "Choose the priority");
    if (value.decision === "answered" && !value.answer)
      need("answer", "Enter the answer given at the meeting");
    if (value.decision === "referred" && value.agencyId == null)
      need("agencyId", "Choose the agency it is referred to");
    if (value.decision === "not_adopted" && !value.reason)
      need("reason", "Enter the reason it was not adopted");
  });

export const agreeSchema = z.object({
  neighbourhoodId: id("the neighbourhood"),
  concernIds: many(id("a concern"), "Choose at least one concern this priority answers"),
  title: text("the priority’s title", 200),
  youSaid: text("the public “you said” summary", 2000),
  categoryId: z.preprocess((v) => (v === "" ? undefined : v), id("a category").optional()),
  reviewDate: z.preprocess((v) => (v === "" ? undefined : v), isoDate("the review date").optional()),
});

export const reviewSchema = z
  .object({
    version: z.coerce.number().int().positive(),
    outcome: z.enum(REVIEW_OUTCOMES, { error: "Choose what the meeting decided" }),
    reviewDate: z.preprocess((v) => (v === "" ? undefined : v), isoDate("the next review date").optional()),
    outcomeSummary: optionalText("the public outcome summary", 3000),
    reason: optionalText("the reason", 2000),
    referredTo: optionalText("who it is referred to", 300),
    openTasks: z.preprocess((v) => (v === "" ? undefined : v), z.enum(OPEN_TASK_CHOICES).optional()),
  })
  .superRefine((value, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: "custom", path: [path], message });
    if ((value.outcome === "continue" || value.outcome === "monitoring") && !value.reviewDate) {
      need("reviewDate", "Enter the next review date");
    }
    if (value.outcome === "resolved" && !value.outcomeSummary)
      need("outcomeSummary", "Enter the public outcome summary");
    if (value.outcome === "closed" && !value.reason)
      need("reason", "Enter why it is closed with no further action");
    if (value.outcome === "referred" && !value.referredTo) need("referredTo", "Enter who it is referred to");
  });

const dueFields = {
  dueInWorkingDays: z.preprocess(
    (v) => (v === "" || v === undefined ? undefined : v),
    z.coerce
      .number({ error: "Enter a whole number of working days" })
      .int("Enter a whole number of working days")
      .min(1, "Enter a whole number of working days from 1 to 260")
      .max(260, "Enter a whole number of working days from 1 to 260")
      .optional(),
  ),
  dueDate: z.preprocess((v) => (v === "" ? undefined : v), isoDate("the due date").optional()),
};

export const offerSchema = z.object({
  agencyId: id("the agency or community group"),
  title: text("the task’s title", 200),
  ask: text("what is asked", 3000),
  confidentiality: z.preprocess(
    (v) => (v === "" || v === "default" ? undefined : v),
    z.enum(["public", "partners_only"], { error: "Choose who can see the task" }).optional(),
  ),
  ...dueFields,
});

export const withdrawSchema = z.object({
  version: z.coerce.number().int().positive(),
  reason: text("why the task is withdrawn", 1000),
});

export const declinedSchema = z
  .object({
    intent: z.literal("decide").optional(),
    version: z.coerce.number().int().positive(),
    kind: z.enum(["offer_suggested", "offer_other", "withdraw"], {
      error: "Choose what happens to the task",
    }),
    agencyId: z.preprocess((v) => (v === "" ? undefined : v), id("the agency").optional()),
    reason: optionalText("why the task is withdrawn", 1000),
    ...dueFields,
  })
  .superRefine((value, ctx) => {
    if (value.kind === "offer_other" && value.agencyId == null) {
      ctx.addIssue({ code: "custom", path: ["agencyId"], message: "Choose the agency to offer it to" });
    }
    if (value.kind === "withdraw" && !value.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Enter why the task is withdrawn" });
    }
  });
