import { eq } from "drizzle-orm";
import { addMeetingConcern } from "~/domain/concerns/concerns";
import { raiseOnlineConcern } from "~/domain/concerns/online-concerns";
import { toIsoDate } from "~/domain/core/deadlines";
import { AGENDA_ORDER_VALUES } from "~/domain/reports/meeting-pack";
import { db } from "~db/client.server";
import * as t from "~db/schema";
import { viewer } from "../factories/demo";
import { addMeeting, addPriority } from "../factories/public";
import { offerTask } from "../factories/tasks";
import { type Fresh, type MatrixIds, type RouteExpectation, staffOnly } from "./types";

// The chair workspace (issue 4): only the chair of the record's assembly (chairX
// for assembly X) and admins; the chair of another assembly gets 403, like
// partners; the public is sent to sign in. Each POST is a valid form acting on a
// record of assembly X made for it (a meeting, a concern, a priority, a task), so
// an allowed role's change really happens (a redirect) and a refused role's is refused.
const chairOfX = staffOnly(["chairX", "admin"]);

const DAY = 86_400_000;
const inDays = (days: number) => toIsoDate(new Date(Date.now() + days * DAY));

/** A meeting of assembly X covering Herringthorpe: upcoming, or started yesterday. */
const freshMeeting =
  (daysFromNow: number, values: { status?: "held"; publicSummary?: string } = {}) =>
  async (): Promise<Fresh> => {
    const meeting = await addMeeting(db(), { neighbourhoods: ["herringthorpe"], daysFromNow, ...values });
    return { meeting: meeting.id };
  };

const meetingForm = (ids: MatrixIds) => ({
  kind: "pact",
  title: "",
  day: inDays(40),
  startTime: "18:30",
  endTime: "20:00",
  venue: "Herringthorpe Library",
  address: "",
  accessibilityNote: "",
  neighbourhoodIds: String(ids.neighbourhoodId),
});

async function anyCategory() {
  const [category] = await db().select({ id: t.categories.id }).from(t.categories).limit(1);
  return category.id;
}

let concernCount = 0;

export const expectations: RouteExpectation[] = [
  { routeId: "routes/chair._index", path: () => "/chair", get: staffOnly(["chairX", "chairY", "admin"]) },
  { routeId: "routes/chair.$assemblyId._index", path: (ids) => `/chair/${ids.assemblyX}`, get: chairOfX },
  {
    routeId: "routes/chair.$assemblyId.meetings.new",
    path: (ids) => `/chair/${ids.assemblyX}/meetings/new`,
    get: chairOfX,
    post: { body: meetingForm, expect: chairOfX },
  },
  {
    routeId: "routes/chair.$assemblyId.concerns",
    path: (ids) => `/chair/${ids.assemblyX}/concerns`,
    get: chairOfX,
  },
  {
    routeId: "routes/chair.meetings.$id._index",
    path: (ids) => `/chair/meetings/${ids.meetingX}`,
    get: chairOfX,
    // Publishing a meeting recorded as held, with its summary.
    post: {
      prepare: freshMeeting(-2, { status: "held", publicSummary: "What the matrix meeting agreed." }),
      path: (_ids, fresh) => `/chair/meetings/${fresh.meeting}`,
      body: () => ({ intent: "publish" }),
      expect: chairOfX,
    },
  },
  {
    routeId: "routes/chair.meetings.$id.edit",
    path: (ids) => `/chair/meetings/${ids.meetingX}/edit`,
    get: chairOfX,
    post: {
      prepare: freshMeeting(20),
      path: (_ids, fresh) => `/chair/meetings/${fresh.meeting}/edit`,
      body: meetingForm,
      expect: chairOfX,
    },
  },
  {
    routeId: "routes/chair.meetings.$id.record",
    path: (ids) => `/chair/meetings/${ids.meetingX}/record`,
    get: chairOfX,
    post: {
      prepare: freshMeeting(-1),
      path: (_ids, fresh) => `/chair/meetings/${fresh.meeting}/record`,
      body: () => ({
        intent: "record",
        attendance: "23",
        publicSummary: "Parking and litter were discussed.",
      }),
      expect: chairOfX,
    },
  },
  {
    routeId: "routes/chair.meetings.$id.concerns",
    path: (ids) => `/chair/meetings/${ids.meetingX}/concerns`,
    get: chairOfX,
    post: {
      prepare: async () => ({ ...(await freshMeeting(-1)()), category: await anyCategory() }),
      path: (_ids, fresh) => `/chair/meetings/${fresh.meeting}/concerns`,
      body: (ids, fresh) => ({
        neighbourhoodId: String(ids.neighbourhoodId),
        categoryId: String(fresh.category),
        location: "Herringthorpe Valley Road",
        publicWording: "Speeding on the main road at school times.",
      }),
      expect: chairOfX,
    },
  },
  {
    routeId: "routes/chair.meetings.$id.priorities.new",
    path: (ids) => `/chair/meetings/${ids.meetingX}/priorities/new`,
    get: chairOfX,
    // Agreeing a priority from a concern raised at a meeting that has started.
    post: {
      prepare: async (ids) => {
        // Room for the priorities the matrix agrees (the demo neighbourhood's limit is small).
        await db()
          .update(t.neighbourhoods)
          .set({ maxActivePriorities: 20 })
          .where(eq(t.neighbourhoods.id, ids.neighbourhoodId));
        const meeting = await addMeeting(db(), { neighbourhoods: ["herringthorpe"], daysFromNow: -1 });
        const concern = await addMeetingConcern(await viewer("chair@example.org", db()), {
          meetingId: meeting.id,
          neighbourhoodId: ids.neighbourhoodId,
          categoryId: await anyCategory(),
          location: "Herringthorpe Valley Road",
          publicWording: "Speeding at school times.",
        });
        return { meeting: meeting.id, concern: concern.id };
      },
      path: (_ids, fresh) => `/chair/meetings/${fresh.meeting}/priorities/new`,
      body: (ids, fresh) => ({
        neighbourhoodId: String(ids.neighbourhoodId),
        concernIds: String(fresh.concern),
        title: "Speeding on Herringthorpe Valley Road",
        youSaid: "Cars speed past the school at drop-off and pick-up.",
        categoryId: "",
        reviewDate: inDays(60),
      }),
      expect: chairOfX,
    },
  },
  {
    routeId: "routes/chair.meetings.$id.pack",
    path: (ids) => `/chair/meetings/${ids.meetingX}/pack`,
    get: chairOfX,
    // Choosing the agenda order (the same choice again is still a change made).
    post: { body: () => ({ agendaOrder: AGENDA_ORDER_VALUES[0] }), expect: chairOfX },
  },
  // The public pack: the same for everyone.
  { routeId: "routes/meetings.$id.pack", path: (ids) => `/meetings/${ids.meetingX}/pack`, get: "ok" },
  {
    routeId: "routes/chair.concerns.$id",
    path: (ids) => `/chair/concerns/${ids.concernX}`,
    get: chairOfX,
    // Moderating a concern a resident has just raised online.
    post: {
      prepare: async (ids) => {
        concernCount += 1;
        const raised = await raiseOnlineConcern({
          neighbourhoodSlug: ids.neighbourhoodSlug,
          address: `203.0.113.${concernCount}`,
          category: await anyCategory(),
          location: "Herringthorpe Avenue",
          wording: "Bins left out all week on the avenue.",
        });
        if (raised.kind !== "raised") throw new Error(`matrix concern ${raised.kind}`);
        return { concern: raised.concernId };
      },
      path: (_ids, fresh) => `/chair/concerns/${fresh.concern}`,
      body: () => ({
        publicWording: "Bins left out all week.",
        location: "Herringthorpe Avenue",
        decision: "none",
      }),
      expect: chairOfX,
    },
  },
  {
    routeId: "routes/chair.priorities.$id._index",
    path: (ids) => `/chair/priorities/${ids.priorityX}`,
    get: chairOfX,
  },
  {
    routeId: "routes/chair.priorities.$id.review",
    path: (ids) => `/chair/priorities/${ids.priorityX}/review`,
    get: chairOfX,
    // Reviewing a current priority of Herringthorpe: it carries on, with a new review date.
    post: {
      prepare: async () => {
        const { priority } = await addPriority(db(), {
          neighbourhood: "herringthorpe",
          title: "Matrix priority to review",
        });
        return { priority: priority.id, version: priority.version };
      },
      path: (_ids, fresh) => `/chair/priorities/${fresh.priority}/review`,
      body: (_ids, fresh) => ({
        version: String(fresh.version),
        outcome: "continue",
        reviewDate: inDays(50),
      }),
      expect: chairOfX,
    },
  },
  {
    routeId: "routes/chair.priorities.$id.tasks.new",
    path: (ids) => `/chair/priorities/${ids.priorityX}/tasks/new`,
    get: chairOfX,
    // Offering a task (each allowed role's offer is a new task).
    post: {
      prepare: async () => {
        const [agency] = await db()
          .select({ id: t.agencies.id })
          .from(t.agencies)
          .where(eq(t.agencies.slug, "green-spaces"));
        return { agency: agency.id };
      },
      body: (_ids, fresh) => ({
        agencyId: String(fresh.agency),
        title: "Litter pick at the play area",
        ask: "A litter pick once a week.",
        confidentiality: "default",
        dueInWorkingDays: "",
        dueDate: "",
      }),
      expect: chairOfX,
    },
  },
  {
    routeId: "routes/chair.tasks.$id",
    path: (ids) => `/chair/tasks/${ids.taskOfA}`,
    get: chairOfX,
    // Withdrawing an offered task.
    post: {
      prepare: async () => {
        const task = await offerTask(db(), "housing");
        return { task: task.id, version: task.version };
      },
      path: (_ids, fresh) => `/chair/tasks/${fresh.task}`,
      body: (_ids, fresh) => ({ version: String(fresh.version), reason: "No longer needed." }),
      expect: chairOfX,
    },
  },
];
