import { type Fresh, type RouteExpectation, staffOnly } from "./types";

let month = 0;
/** A month of 2024 no other POST has published (each allowed role publishes its own). */
const unpublishedMonth = async (): Promise<Fresh> => {
  month += 1;
  return { month: `2024-${String(month).padStart(2, "0")}` };
};

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
    // Never published in the matrix's world (the matrix publishes months of 2024 below).
    path: () => "/reports/rotherham-south/2025-06",
    get: "not_found",
  },
  {
    routeId: "routes/reports.$assemblySlug.$month.draft",
    path: () => "/reports/rotherham-south/2026-01/draft",
    get: staffOnly(["chairX", "admin"]),
    // Publishing a month's report (each role its own month, so the admin's is not "already published").
    post: {
      prepare: unpublishedMonth,
      path: (_ids, fresh) => `/reports/rotherham-south/${fresh.month}/draft`,
      body: () => ({ intent: "publish", confirm: "yes" }),
      expect: staffOnly(["chairX", "admin"]),
    },
  },
];
