import { type RouteExpectation, staffOnly } from "./types";

// The chair workspace (issue 4): only the chair of the record's assembly (chairX
// for assembly X) and admins; the chair of another assembly gets 403, like
// partners; the public is sent to sign in. POST bodies are incomplete on
// purpose: an allowed role gets the form back (400), so the matrix changes nothing.
const chairOfX = staffOnly(["chairX", "admin"]);
const invalid = { body: () => ({}), expect: chairOfX };

export const expectations: RouteExpectation[] = [
  { routeId: "routes/chair._index", path: () => "/chair", get: staffOnly(["chairX", "chairY", "admin"]) },
  { routeId: "routes/chair.$assemblyId._index", path: (ids) => `/chair/${ids.assemblyX}`, get: chairOfX },
  {
    routeId: "routes/chair.$assemblyId.meetings.new",
    path: (ids) => `/chair/${ids.assemblyX}/meetings/new`,
    get: chairOfX,
    post: invalid,
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
    post: { body: () => ({ intent: "nothing" }), expect: chairOfX },
  },
  {
    routeId: "routes/chair.meetings.$id.edit",
    path: (ids) => `/chair/meetings/${ids.meetingX}/edit`,
    get: chairOfX,
    post: invalid,
  },
  {
    routeId: "routes/chair.meetings.$id.record",
    path: (ids) => `/chair/meetings/${ids.meetingX}/record`,
    get: chairOfX,
    post: { body: () => ({ intent: "record" }), expect: chairOfX },
  },
  {
    routeId: "routes/chair.meetings.$id.concerns",
    path: (ids) => `/chair/meetings/${ids.meetingX}/concerns`,
    get: chairOfX,
    post: invalid,
  },
  {
    routeId: "routes/chair.meetings.$id.priorities.new",
    path: (ids) => `/chair/meetings/${ids.meetingX}/priorities/new`,
    get: chairOfX,
    post: invalid,
  },
  {
    routeId: "routes/chair.meetings.$id.pack",
    path: (ids) => `/chair/meetings/${ids.meetingX}/pack`,
    get: chairOfX,
    // Choosing the agenda order: an empty choice is the chair's mistake (400), refused to others.
    post: invalid,
  },
  // The public pack: the same for everyone.
  { routeId: "routes/meetings.$id.pack", path: (ids) => `/meetings/${ids.meetingX}/pack`, get: "ok" },
  {
    routeId: "routes/chair.concerns.$id",
    path: (ids) => `/chair/concerns/${ids.concernX}`,
    get: chairOfX,
    post: { body: () => ({ publicWording: "", decision: "none" }), expect: chairOfX },
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
    post: invalid,
  },
  {
    routeId: "routes/chair.priorities.$id.tasks.new",
    path: (ids) => `/chair/priorities/${ids.priorityX}/tasks/new`,
    get: chairOfX,
    post: invalid,
  },
  {
    routeId: "routes/chair.tasks.$id",
    path: (ids) => `/chair/tasks/${ids.taskOfA}`,
    get: chairOfX,
    post: invalid,
  },
];
