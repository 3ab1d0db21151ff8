// The whole data model of DESIGN.md §3. Column names are snake_case in the
// database (drizzle `casing: "snake_case"`) and camelCase in TypeScript.
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import { agencyKinds, meetingKinds } from "./kinds";

// ---------------------------------------------------------------- vocabularies

export { agencyKinds, meetingKinds };
export const confidentialities = ["public", "partners_only"] as const;
export const membershipRoles = ["member", "coordinator"] as const;
export const meetingStatuses = ["scheduled", "held", "cancelled"] as const;
export const concernSources = ["meeting", "online"] as const;
export const concernStatuses = ["new", "adopted", "answered", "referred", "not_adopted"] as const;
export const priorityStatuses = ["active", "monitoring", "resolved", "closed", "referred"] as const;
export const taskStatuses = ["offered", "accepted", "in_progress", "done", "declined", "withdrawn"] as const;
export const visibilities = ["public", "partners_only"] as const;
export const mailPreferences = ["immediate", "digest"] as const;
export const tokenKinds = ["invitation", "password_reset", "subscription"] as const;
export const outboxStatuses = ["pending", "sending", "sent", "failed", "cancelled"] as const;
export const improvementAnswerValues = ["better", "no_change", "worse", "not_sure"] as const;
// How a meeting pack orders its agenda: the familiar PACT order, or one that opens with what works.
export const agendaOrders = ["traditional", "strengths_first"] as const;

export const agencyKind = pgEnum("agency_kind", agencyKinds);
export const confidentiality = pgEnum("confidentiality", confidentialities);
export const membershipRole = pgEnum("membership_role", membershipRoles);
export const meetingKind = pgEnum("meeting_kind", meetingKinds);
export const meetingStatus = pgEnum("meeting_status", meetingStatuses);
export const concernSource = pgEnum("concern_source", concernSources);
export const concernStatus = pgEnum("concern_status", concernStatuses);
export const priorityStatus = pgEnum("priority_status", priorityStatuses);
export const taskStatus = pgEnum("task_status", taskStatuses);
export const visibility = pgEnum("visibility", visibilities);
export const mailPreference = pgEnum("mail_preference", mailPreferences);
export const tokenKind = pgEnum("token_kind", tokenKinds);
export const outboxStatus = pgEnum("outbox_status", outboxStatuses);
export const improvementAnswer = pgEnum("improvement_answer", improvementAnswerValues);

const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();

// ---------------------------------------------------------------- places

export const assemblies = pgTable(
  "assemblies",
  {
    id: serial().primaryKey(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    description: text().notNull().default(""),
    agendaOrder: text({ enum: agendaOrders }).notNull().default("traditional"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check("assemblies_agenda_order_check", sql`${t.agendaOrder} in ('traditional', 'strengths_first')`),
  ],
);

export const neighbourhoods = pgTable(
  "neighbourhoods",
  {
    id: serial().primaryKey(),
    assemblyId: integer()
      .notNull()
      .references(() => assemblies.id, { onDelete: "restrict" }),
    slug: text().notNull().unique(),
    name: text().notNull(),
    description: text().notNull().default(""),
    policeForceId: text(),
    policeNeighbourhoodId: text(),
    wards: text().array().notNull().default(sql`'{}'::text[]`),
    postcodeDistricts: text().array().notNull().default(sql`'{}'::text[]`),
    maxActivePriorities: integer().notNull().default(3),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index().on(t.assemblyId, t.name),
    index("neighbourhoods_postcode_districts_idx").using("gin", t.postcodeDistricts),
    index("neighbourhoods_wards_idx").using("gin", t.wards),
    uniqueIndex("neighbourhoods_police_uk_idx").on(t.policeForceId, t.policeNeighbourhoodId),
    check("neighbourhoods_max_active_check", sql`${t.maxActivePriorities} between 1 and 20`),
    check("neighbourhoods_slug_check", sql`${t.slug} ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
  ],
);

export const categories = pgTable("categories", {
  id: serial().primaryKey(),
  slug: text().notNull().unique(),
  name: text().notNull(),
});

export const bankHolidays = pgTable("bank_holidays", {
  day: date({ mode: "string" }).primaryKey(),
  name: text().notNull(),
});

// ---------------------------------------------------------------- organisations and people

export const agencies = pgTable(
  "agencies",
  {
    id: serial().primaryKey(),
    slug: text().notNull().unique(),
    // One name on every screen, staff and public alike.
    name: text().notNull(),
    kind: agencyKind().notNull(),
    inboxEmail: text().notNull(),
    publicContact: text().notNull().default(""),
    defaultConfidentiality: confidentiality().notNull().default("public"),
    acknowledgeWithinWorkingDays: integer().notNull().default(5),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check("agencies_acknowledge_check", sql`${t.acknowledgeWithinWorkingDays} between 1 and 60`)],
);

export const users = pgTable(
  "users",
  {
    id: serial().primaryKey(),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text(),
    isAdmin: boolean().notNull().default(false),
    active: boolean().notNull().default(true),
    mailPreference: mailPreference().notNull().default("immediate"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deactivatedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex("users_email_idx").on(sql`lower(${t.email})`),
    check("users_email_check", sql`${t.email} like '%_@_%'`),
  ],
);

export const agencyMemberships = pgTable(
  "agency_memberships",
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    role: membershipRole().notNull().default("member"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.agencyId] }), index().on(t.agencyId, t.role)],
);

export const assemblyChairs = pgTable(
  "assembly_chairs",
  {
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    assemblyId: integer()
      .notNull()
      .references(() => assemblies.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.assemblyId] }), index().on(t.assemblyId)],
);

export const sessions = pgTable(
  "sessions",
  {
    id: text().primaryKey(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    userAgent: text().notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.userId), index().on(t.expiresAt)],
);

// Invitation, password-reset and subscription links: only a hash is stored.
export const userTokens = pgTable(
  "user_tokens",
  {
    id: serial().primaryKey(),
    kind: tokenKind().notNull(),
    tokenHash: text().notNull().unique(),
    userId: integer().references(() => users.id, { onDelete: "cascade" }),
    createdByUserId: integer().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.userId, t.kind)],
);

// A coordinator's invitation to join their agency. No membership exists until
// the invited account accepts (or, for an account still without a password,
// sets its password from the invitation e-mail). Only the token's hash is stored.
export const agencyInvitations = pgTable(
  "agency_invitations",
  {
    id: serial().primaryKey(),
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "cascade" }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The address and name as the coordinator typed them. */
    email: text().notNull(),
    name: text().notNull(),
    role: membershipRole().notNull().default("member"),
    tokenHash: text().notNull().unique(),
    /** For an account without a password: the set-password link that also accepts this. */
    accountTokenId: integer().references(() => userTokens.id, { onDelete: "set null" }),
    invitedByUserId: integer().references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    declinedAt: timestamp({ withTimezone: true }),
    withdrawnAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.agencyId, t.expiresAt), index().on(t.userId), index().on(t.accountTokenId)],
);

export const loginAttempts = pgTable(
  "login_attempts",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    email: text().notNull(),
    address: text().notNull(),
    succeeded: boolean().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index("login_attempts_email_idx").on(sql`lower(${t.email})`, t.createdAt),
    index().on(t.address, t.createdAt),
  ],
);

// Generic sliding-window counter (online concerns, subscriptions).
export const rateLimitEvents = pgTable(
  "rate_limit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    bucket: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [index().on(t.bucket, t.createdAt)],
);

// ---------------------------------------------------------------- the dialogue

export const meetings = pgTable(
  "meetings",
  {
    id: serial().primaryKey(),
    assemblyId: integer()
      .notNull()
      .references(() => assemblies.id, { onDelete: "restrict" }),
    kind: meetingKind().notNull().default("pact"),
    title: text().notNull().default(""),
    startsAt: timestamp({ withTimezone: true }).notNull(),
    endsAt: timestamp({ withTimezone: true }).notNull(),
    venue: text().notNull(),
    address: text().notNull().default(""),
    accessibilityNote: text().notNull().default(""),
    status: meetingStatus().notNull().default("scheduled"),
    cancellationReason: text(),
    attendance: integer(),
    publicSummary: text(),
    whatsWorking: text(),
    minutesReference: text(),
    publishedAt: timestamp({ withTimezone: true }),
    reminderSentAt: timestamp({ withTimezone: true }),
    // iCalendar SEQUENCE: a trigger adds one on every change, so calendars always take the newest.
    sequence: integer().notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index().on(t.assemblyId, t.startsAt),
    index().on(t.startsAt),
    check("meetings_time_check", sql`${t.endsAt} >= ${t.startsAt}`),
    check("meetings_attendance_check", sql`${t.attendance} is null or ${t.attendance} >= 0`),
    check(
      "meetings_cancel_reason_check",
      sql`${t.status} <> 'cancelled' or coalesce(${t.cancellationReason}, '') <> ''`,
    ),
  ],
);

export const meetingNeighbourhoods = pgTable(
  "meeting_neighbourhoods",
  {
    meetingId: integer()
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    neighbourhoodId: integer()
      .notNull()
      .references(() => neighbourhoods.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.neighbourhoodId] }),
    index().on(t.neighbourhoodId, t.meetingId),
  ],
);

export const concerns = pgTable(
  "concerns",
  {
    id: serial().primaryKey(),
    neighbourhoodId: integer()
      .notNull()
      .references(() => neighbourhoods.id, { onDelete: "restrict" }),
    categoryId: integer().references(() => categories.id, { onDelete: "set null" }),
    raisedAtMeetingId: integer().references(() => meetings.id, { onDelete: "set null" }),
    source: concernSource().notNull().default("meeting"),
    publicWording: text().notNull(),
    originalWording: text().notNull(),
    location: text().notNull().default(""),
    // Private: never on a public surface. Removed by the retention job.
    contactName: text(),
    contactEmail: text(),
    contactPhone: text(),
    contactRemovedAt: timestamp({ withTimezone: true }),
    status: concernStatus().notNull().default("new"),
    answer: text(),
    referredAgencyId: integer().references(() => agencies.id, { onDelete: "set null" }),
    notAdoptedReason: text(),
    // The resident's handle on the concern (RC-XXXX-XXXX), made by the database so every insert gets one.
    reference: text().notNull().unique().default(sql`concern_reference()`),
    // When the chair last decided it: the decision may be changed for 10 minutes after.
    decidedAt: timestamp({ withTimezone: true }),
    moderatedAt: timestamp({ withTimezone: true }),
    moderatedByUserId: integer().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index().on(t.neighbourhoodId, t.status, t.createdAt),
    index().on(t.raisedAtMeetingId),
    check("concerns_answered_check", sql`${t.status} <> 'answered' or coalesce(${t.answer}, '') <> ''`),
    check(
      "concerns_not_adopted_check",
      sql`${t.status} <> 'not_adopted' or coalesce(${t.notAdoptedReason}, '') <> ''`,
    ),
    check("concerns_referred_check", sql`${t.status} <> 'referred' or ${t.referredAgencyId} is not null`),
  ],
);

export const priorities = pgTable(
  "priorities",
  {
    id: serial().primaryKey(),
    neighbourhoodId: integer()
      .notNull()
      .references(() => neighbourhoods.id, { onDelete: "restrict" }),
    categoryId: integer().references(() => categories.id, { onDelete: "set null" }),
    agreedAtMeetingId: integer().references(() => meetings.id, { onDelete: "set null" }),
    title: text().notNull(),
    youSaid: text().notNull(),
    status: priorityStatus().notNull().default("active"),
    agreedOn: date({ mode: "string" }).notNull(),
    reviewDate: date({ mode: "string" }).notNull(),
    outcomeSummary: text(),
    closedReason: text(),
    referredTo: text(),
    closedAt: timestamp({ withTimezone: true }),
    /** "Has it got better?" answers as counted at the latest review, kept as they were then. */
    improvementCounts: jsonb().$type<ImprovementCounts>(),
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index().on(t.neighbourhoodId, t.status, t.reviewDate),
    index().on(t.neighbourhoodId, t.closedAt),
    index().on(t.agreedAtMeetingId),
    check(
      "priorities_resolved_check",
      sql`${t.status} <> 'resolved' or coalesce(${t.outcomeSummary}, '') <> ''`,
    ),
    check("priorities_closed_check", sql`${t.status} <> 'closed' or coalesce(${t.closedReason}, '') <> ''`),
    check("priorities_referred_check", sql`${t.status} <> 'referred' or coalesce(${t.referredTo}, '') <> ''`),
  ],
);

export type ImprovementCounts = Record<(typeof improvementAnswerValues)[number], number>;

// "Has this got better where you live?": one answer per browser per priority
// (the browser's cookie, hashed); the comment is for the chair only, never public.
export const improvementAnswers = pgTable(
  "improvement_answers",
  {
    id: serial().primaryKey(),
    priorityId: integer()
      .notNull()
      .references(() => priorities.id, { onDelete: "cascade" }),
    browserKey: text().notNull(),
    answer: improvementAnswer().notNull(),
    comment: text(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("improvement_answers_browser_idx").on(t.priorityId, t.browserKey)],
);

export const priorityConcerns = pgTable(
  "priority_concerns",
  {
    priorityId: integer()
      .notNull()
      .references(() => priorities.id, { onDelete: "cascade" }),
    concernId: integer()
      .notNull()
      .references(() => concerns.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.priorityId, t.concernId] }), index().on(t.concernId)],
);

export const tasks = pgTable(
  "tasks",
  {
    id: serial().primaryKey(),
    priorityId: integer()
      .notNull()
      .references(() => priorities.id, { onDelete: "restrict" }),
    agencyId: integer()
      .notNull()
      .references(() => agencies.id, { onDelete: "restrict" }),
    assigneeUserId: integer().references(() => users.id, { onDelete: "set null" }),
    title: text().notNull(),
    ask: text().notNull(),
    confidentiality: confidentiality().notNull().default("public"),
    status: taskStatus().notNull().default("offered"),
    offeredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    acknowledgeBy: date({ mode: "string" }).notNull(),
    actionPlanDueBy: date({ mode: "string" }).notNull(),
    dueDate: date({ mode: "string" }).notNull(),
    actionPlan: text(),
    actionPlanSubmittedAt: timestamp({ withTimezone: true }),
    acceptedAt: timestamp({ withTimezone: true }),
    declineReason: text(),
    suggestedAgencyId: integer().references(() => agencies.id, { onDelete: "set null" }),
    withdrawnReason: text(),
    outcomeSummary: text(),
    residentsAsked: boolean(),
    // What residents said when asked whether things improved (public with the outcome).
    residentsSaid: text(),
    completedAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    createdByUserId: integer().references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The partner inbox: one agency's tasks by status, soonest due first.
    index("tasks_inbox_idx").on(t.agencyId, t.status, t.dueDate, t.id),
    // The inbox's default view (open work, soonest due first) read in order, so a
    // page of 50 stops after 50 rows instead of sorting all of an agency's open tasks.
    // The predicate is the "open" group of app/domain/lifecycle/tasks (tests/integration/
    // task-lifecycle.test.ts reads it back from the database): change both, with a migration.
    index("tasks_open_inbox_idx")
      .on(t.agencyId, t.dueDate, t.id)
      .where(sql`${t.status} in ('offered', 'accepted', 'in_progress')`),
    index("tasks_assignee_idx").on(t.assigneeUserId, t.status, t.dueDate),
    index().on(t.priorityId, t.agencyId),
    check("tasks_version_check", sql`${t.version} >= 1`),
    check("tasks_declined_check", sql`${t.status} <> 'declined' or coalesce(${t.declineReason}, '') <> ''`),
    check("tasks_done_check", sql`${t.status} <> 'done' or coalesce(${t.outcomeSummary}, '') <> ''`),
  ],
);

export const taskUpdates = pgTable(
  "task_updates",
  {
    id: serial().primaryKey(),
    taskId: integer()
      .notNull()
      .references(() => tasks.id, { onDelete: "cascade" }),
    authorUserId: integer().references(() => users.id, { onDelete: "set null" }),
    body: text().notNull(),
    visibility: visibility().notNull(),
    statusChange: taskStatus(),
    isOutcome: boolean().notNull().default(false),
    residentsAsked: boolean(),
    // A safeguarding referral is never published, whatever else is true.
    safeguardingReferral: boolean().notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.taskId, t.createdAt),
    index("task_updates_public_idx").on(t.createdAt).where(sql`${t.visibility} = 'public'`),
    check(
      "task_updates_safeguarding_check",
      sql`not ${t.safeguardingReferral} or ${t.visibility} = 'partners_only'`,
    ),
  ],
);

export const updateFigures = pgTable(
  "update_figures",
  {
    id: serial().primaryKey(),
    updateId: integer()
      .notNull()
      .references(() => taskUpdates.id, { onDelete: "cascade" }),
    label: text().notNull(),
    value: numeric({ precision: 12, scale: 2, mode: "number" }).notNull(),
    unit: text().notNull().default(""),
    position: integer().notNull().default(0),
  },
  (t) => [index().on(t.updateId, t.position), check("update_figures_value_check", sql`${t.value} >= 0`)],
);

export const subscriptions = pgTable(
  "subscriptions",
  {
    id: serial().primaryKey(),
    email: text().notNull(),
    neighbourhoodId: integer().references(() => neighbourhoods.id, { onDelete: "cascade" }),
    priorityId: integer().references(() => priorities.id, { onDelete: "cascade" }),
    confirmTokenHash: text().notNull().unique(),
    unsubscribeTokenHash: text().notNull().unique(),
    confirmedAt: timestamp({ withTimezone: true }),
    unsubscribedAt: timestamp({ withTimezone: true }),
    lastDigestAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.neighbourhoodId),
    index().on(t.priorityId),
    check("subscriptions_target_check", sql`(${t.neighbourhoodId} is null) <> (${t.priorityId} is null)`),
  ],
);

// ---------------------------------------------------------------- records

// Append-only: a trigger in the migrations refuses UPDATE and DELETE.
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    actorUserId: integer().references(() => users.id, { onDelete: "set null" }),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: text(),
    assemblyId: integer().references(() => assemblies.id, { onDelete: "set null" }),
    agencyId: integer().references(() => agencies.id, { onDelete: "set null" }),
    before: jsonb(),
    after: jsonb(),
    address: text(),
    createdAt: createdAt(),
  },
  (t) => [
    index().on(t.createdAt),
    index().on(t.actorUserId, t.createdAt),
    index().on(t.entityType, t.entityId),
    index().on(t.assemblyId, t.createdAt),
    index().on(t.agencyId, t.createdAt),
  ],
);

export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: bigserial({ mode: "number" }).primaryKey(),
    template: text().notNull(),
    toAddress: text().notNull(),
    subject: text().notNull(),
    html: text().notNull(),
    text: text().notNull(),
    headers: jsonb().$type<Record<string, string>>().notNull().default({}),
    // Message-ID without the angle brackets: chosen once when queued, so retries repeat it and nothing else does.
    messageId: text().notNull().default(sql`gen_random_uuid()::text || '@one-dialogue.invalid'`).unique(),
    // Reminders use a key so a job run twice cannot queue a message twice.
    dedupeKey: text().unique(),
    status: outboxStatus().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastError: text(),
    sentAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("outbox_due_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index().on(t.status, t.createdAt),
  ],
);

// What changed, for the caches of public pages (migration 0011): each writing
// transaction adds one row per thing it changed — `neighbourhood:<id>`,
// `priority:<id>`, `meeting:<id>`, `assembly:<id>`, or `all` — under its own
// transaction id. Rows are only ever inserted (no shared row to lock); app
// processes read the rows their last read could not yet see, and forget only
// the pages those keys name. Rows older than an hour are pruned.
export const publicChangeLog = pgTable(
  "public_change_log",
  {
    xid: bigint({ mode: "number" }).notNull(),
    key: text().notNull(),
    changedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index().on(t.xid, t.key), index().on(t.changedAt)],
);

// One row, written the first time feeds are served: the `tag:` authority and
// date of this installation, so Atom ids survive a move to another domain.
export const installation = pgTable(
  "installation",
  {
    id: integer().primaryKey().default(1),
    tagAuthority: text().notNull(),
    tagYear: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    check("installation_single_row_check", sql`${t.id} = 1`),
    check("installation_tag_year_check", sql`${t.tagYear} ~ '^[0-9]{4}$'`),
  ],
);

// ---------------------------------------------------------------- comparable local information

export const crimeFigureKinds = ["total", "category", "outcome"] as const;

// Street-level crime counts from data.police.uk for one neighbourhood and the
// month they describe ("2026-03"): a total, counts by crime category, and
// counts by outcome category. Only aggregates are kept: no location, no
// person, no crime id, so no crime can be linked to an address or a person.
export const crimeFigures = pgTable(
  "crime_figures",
  {
    neighbourhoodId: integer()
      .notNull()
      .references(() => neighbourhoods.id, { onDelete: "cascade" }),
    month: text().notNull(),
    kind: text({ enum: crimeFigureKinds }).notNull(),
    name: text().notNull(),
    count: integer().notNull(),
    fetchedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.neighbourhoodId, t.month, t.kind, t.name] }),
    check("crime_figures_month_check", sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
    check("crime_figures_kind_check", sql`${t.kind} in ('total', 'category', 'outcome')`),
    check("crime_figures_count_check", sql`${t.count} >= 0`),
  ],
);

// A monthly report of an assembly, kept as it was when the chair published it
// (later changes to the dialogue do not rewrite a published report).
export const monthlyReports = pgTable(
  "monthly_reports",
  {
    id: serial().primaryKey(),
    assemblyId: integer()
      .notNull()
      .references(() => assemblies.id, { onDelete: "restrict" }),
    month: text().notNull(),
    publicContent: jsonb().notNull(),
    partnersContent: jsonb().notNull(),
    publishedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    publishedByUserId: integer().references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    uniqueIndex("monthly_reports_assembly_month_idx").on(t.assemblyId, t.month),
    check("monthly_reports_month_check", sql`${t.month} ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`),
  ],
);
