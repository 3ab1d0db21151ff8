import { type Outcome, type Role, type RouteExpectation, staffOnly } from "./types";

// The partner workspace (issue 5): the task inbox, e-mail settings, the task
// page and its forms. Forms are sent with a stale version (999), so an allowed
// role gets 409 (the form back, nothing changed) and the demo data stays as it is.

const signedIn: Role[] = ["memberA", "coordinatorA", "memberB", "chairX", "chairY", "admin"];

/** Outcomes per role, with everything not listed forbidden (and anonymous sent to sign in). */
const only = (allowed: Role[]): Record<Role, Outcome> => staffOnly(allowed);

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
    post: { body: () => ({ version: "999" }), expect: only(["memberB", "admin"]) },
  },
  {
    routeId: "routes/tasks.$id.decline",
    path: (ids) => `/tasks/${ids.taskOfB}/decline`,
    get: only(["memberB", "admin"]),
    post: { body: () => ({ version: "999", reason: "Not ours" }), expect: only(["memberB", "admin"]) },
  },
  {
    routeId: "routes/tasks.$id.update",
    path: (ids) => `/tasks/${ids.taskOfA}/update`,
    get: only(["memberA", "coordinatorA", "admin"]),
    post: {
      body: () => ({ version: "999", body: "Matrix note", visibility: "partners_only" }),
      expect: only(["memberA", "coordinatorA", "admin"]),
    },
  },
  {
    routeId: "routes/tasks.$id.action-plan",
    path: (ids) => `/tasks/${ids.taskOfA}/action-plan`,
    get: only(["memberA", "coordinatorA", "admin"]),
    post: {
      body: () => ({ version: "999", actionPlan: "Matrix plan" }),
      expect: only(["memberA", "coordinatorA", "admin"]),
    },
  },
  {
    routeId: "routes/tasks.$id.complete",
    path: (ids) => `/tasks/${ids.taskOfA}/complete`,
    get: only(["memberA", "coordinatorA", "admin"]),
    post: {
      body: () => ({ version: "999", outcomeSummary: "Matrix outcome", residentsAsked: "no" }),
      expect: only(["memberA", "coordinatorA", "admin"]),
    },
  },
  {
    routeId: "routes/tasks.$id.reassign",
    path: (ids) => `/tasks/${ids.taskOfA}/reassign`,
    get: only(["coordinatorA", "admin"]),
    post: {
      body: () => ({ version: "999", assigneeUserId: "none" }),
      expect: only(["coordinatorA", "admin"]),
    },
  },
  {
    routeId: "routes/tasks.$id.reopen",
    path: (ids) => `/tasks/${ids.doneTaskOfA}/reopen`,
    get: only(["coordinatorA", "chairX", "admin"]),
    post: {
      body: () => ({ version: "999", reason: "Matrix reason" }),
      expect: only(["coordinatorA", "chairX", "admin"]),
    },
  },
];
