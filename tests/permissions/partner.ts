import { db } from "~db/client.server";
import { offerTask } from "../factories/tasks";
import { type Fresh, type Outcome, type Role, type RouteExpectation, staffOnly } from "./types";

// The partner workspace (issue 5): the task inbox, e-mail settings, the task
// page and its forms. Each POST acts on a task made for it (of agency A, or B
// for accepting and declining, on the same priority as the matrix's tasks), in
// the state the form needs and with its current version, so an allowed role's
// change really happens (a redirect) and a refused role's is refused.

const signedIn: Role[] = ["memberA", "coordinatorA", "memberB", "chairX", "chairY", "admin"];

/** Outcomes per role, with everything not listed forbidden (and anonymous sent to sign in). */
const only = (allowed: Role[]): Record<Role, Outcome> => staffOnly(allowed);

/** A new task of agency A (or B) on the matrix's priority, in the given state. */
const freshTask =
  (
    agency: "syp-neighbourhood-team" | "trading-standards",
    status: "offered" | "accepted" | "in_progress" | "done",
  ) =>
  async (): Promise<Fresh> => {
    const task = await offerTask(db(), agency, {
      status,
      ...(status === "done" ? { completedAt: new Date(), outcomeSummary: "Done for the matrix." } : {}),
    });
    return { task: task.id, version: task.version };
  };
const at =
  (form: string) =>
  (_ids: unknown, fresh: Fresh): string =>
    `/tasks/${fresh.task}/${form}`;
const version = (fresh: Fresh) => String(fresh.version);

export const expectations: RouteExpectation[] = [
  {
    routeId: "routes/partner._index",
    path: (ids) => `/partner?agency=${ids.agencyA}`,
    // Agency B's member asks for agency A's inbox: refused.
    get: only(["memberA", "coordinatorA", "admin"]),
  },
  {
    routeId: "routes/partner.settings",
    path: () => "/partner/settings",
    get: only(signedIn),
    post: { body: () => ({ mailPreference: "immediate" }), expect: only(signedIn) },
  },
  {
    routeId: "routes/tasks.$id._index",
    // Agency B has a task on the same priority, so its member may read A's task (DESIGN.md §6).
    path: (ids) => `/tasks/${ids.taskOfA}`,
    get: only(["memberA", "coordinatorA", "memberB", "chairX", "admin"]),
  },
  {
    routeId: "routes/tasks.$id.accept",
    path: (ids) => `/tasks/${ids.taskOfB}/accept`,
    get: only(["memberB", "admin"]),
    post: {
      prepare: freshTask("trading-standards", "offered"),
      path: at("accept"),
      body: (_ids, fresh) => ({ version: version(fresh) }),
      expect: only(["memberB", "admin"]),
    },
  },
  {
    routeId: "routes/tasks.$id.decline",
    path: (ids) => `/tasks/${ids.taskOfB}/decline`,
    get: only(["memberB", "admin"]),
    post: {
      prepare: freshTask("trading-standards", "offered"),
      path: at("decline"),
      body: (_ids, fresh) => ({ version: version(fresh), reason: "Not ours" }),
      expect: only(["memberB", "admin"]),
    },
  },
  {
    routeId: "routes/tasks.$id.update",
    path: (ids) => `/tasks/${ids.taskOfA}/update`,
    get: only(["memberA", "coordinatorA", "admin"]),
    post: {
      prepare: freshTask("syp-neighbourhood-team", "in_progress"),
      path: at("update"),
      body: (_ids, fresh) => ({ version: version(fresh), body: "Matrix note", visibility: "partners_only" }),
      expect: only(["memberA", "coordinatorA", "admin"]),
    },
  },
  {
    routeId: "routes/tasks.$id.action-plan",
    path: (ids) => `/tasks/${ids.taskOfA}/action-plan`,
    get: only(["memberA", "coordinatorA", "admin"]),
    post: {
      prepare: freshTask("syp-neighbourhood-team", "accepted"),
      path: at("action-plan"),
      body: (_ids, fresh) => ({ version: version(fresh), actionPlan: "Matrix plan" }),
      expect: only(["memberA", "coordinatorA", "admin"]),
    },
  },
  {
    routeId: "routes/tasks.$id.complete",
    path: (ids) => `/tasks/${ids.taskOfA}/complete`,
    get: only(["memberA", "coordinatorA", "admin"]),
    post: {
      prepare: freshTask("syp-neighbourhood-team", "in_progress"),
      path: at("complete"),
      // "publish": the public outcome as shown back and confirmed (the form's second step).
      body: (_ids, fresh) => ({
        version: version(fresh),
        intent: "publish",
        outcomeSummary: "Matrix outcome",
        residentsAsked: "no",
      }),
      expect: only(["memberA", "coordinatorA", "admin"]),
    },
  },
  {
    routeId: "routes/tasks.$id.reassign",
    path: (ids) => `/tasks/${ids.taskOfA}/reassign`,
    get: only(["coordinatorA", "admin"]),
    post: {
      prepare: freshTask("syp-neighbourhood-team", "in_progress"),
      path: at("reassign"),
      body: (_ids, fresh) => ({ version: version(fresh), assigneeUserId: "none" }),
      expect: only(["coordinatorA", "admin"]),
    },
  },
  {
    routeId: "routes/tasks.$id.reopen",
    path: (ids) => `/tasks/${ids.doneTaskOfA}/reopen`,
    get: only(["coordinatorA", "chairX", "admin"]),
    post: {
      prepare: freshTask("syp-neighbourhood-team", "done"),
      path: at("reopen"),
      body: (_ids, fresh) => ({ version: version(fresh), reason: "Matrix reason" }),
      expect: only(["coordinatorA", "chairX", "admin"]),
    },
  },
];
