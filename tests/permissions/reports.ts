import { type RouteExpectation, staffOnly } from "./types";

// Comparable local information (issue 7): the public "How we're doing" pages
// and CSV, published monthly reports (public), the chair's reports, and the
// partner dashboard.
export const expectations: RouteExpectation[] = [
  { routeId: "routes/how-were-doing._index", path: () => "/how-were-doing", get: "ok" },
  {
    routeId: "routes/how-were-doing.$assemblySlug",
    path: () => "/how-were-doing/rotherham-south",
    get: "ok",
  },
  {
    routeId: "routes/how-were-doing[.]csv",
    path: () => "/how-were-doing.csv?assembly=rotherham-south",
    get: "ok",
  },
  {
    routeId: "routes/dashboard.$agencyId",
    path: (ids) => `/dashboard/${ids.agencyA}`,
    get: staffOnly(["memberA", "coordinatorA", "admin"]),
  },
  { routeId: "routes/reports._index", path: () => "/reports", get: staffOnly(["chairX", "chairY", "admin"]) },
  { routeId: "routes/reports.$assemblySlug._index", path: () => "/reports/rotherham-south", get: "ok" },
  {
    routeId: "routes/reports.$assemblySlug.$month._index",
    // Never published in the demo data (the matrix publishes 2026-01 below).
    path: () => "/reports/rotherham-south/2025-06",
    get: "not_found",
  },
  {
    routeId: "routes/reports.$assemblySlug.$month.draft",
    path: () => "/reports/rotherham-south/2026-01/draft",
    get: staffOnly(["chairX", "admin"]),
    // The chair publishes (302); the admin after them gets 409 (already published): both allowed.
    post: { body: () => ({ intent: "publish", confirm: "yes" }), expect: staffOnly(["chairX", "admin"]) },
  },
];
