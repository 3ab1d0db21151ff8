import { type RouteExpectation, staffOnly } from "./types";

// Administration: admins only. POSTs carry bad input, so an admin gets the
// form back (400) and nothing changes.
const admin = staffOnly(["admin"]);
const page = (
  routeId: string,
  path: RouteExpectation["path"],
  body?: Record<string, string>,
): RouteExpectation => ({
  routeId,
  path,
  get: admin,
  ...(body ? { post: { body: () => body, expect: admin } } : {}),
});

export const expectations: RouteExpectation[] = [
  page("routes/admin._index", () => "/admin"),
  page("routes/admin.assemblies._index", () => "/admin/assemblies"),
  page("routes/admin.assemblies.$id", (ids) => `/admin/assemblies/${ids.assemblyX}`, { name: "", slug: "" }),
  page("routes/admin.neighbourhoods._index", () => "/admin/neighbourhoods"),
  page("routes/admin.neighbourhoods.$id", () => "/admin/neighbourhoods/new", { name: "" }),
  page("routes/admin.agencies._index", () => "/admin/agencies"),
  page("routes/admin.agencies.$id", (ids) => `/admin/agencies/${ids.agencyA}`, { name: "" }),
  page("routes/admin.categories._index", () => "/admin/categories"),
  page("routes/admin.categories.$id", () => "/admin/categories/new", { name: "", slug: "" }),
  page("routes/admin.bank-holidays", () => "/admin/bank-holidays", { day: "2026-02-30", name: "" }),
  page("routes/admin.users._index", () => "/admin/users"),
  page("routes/admin.users.invite", () => "/admin/users/invite", { email: "", name: "" }),
  page("routes/admin.users.$id", (ids) => `/admin/users/${ids.userMemberA}`, { intent: "details", name: "" }),
  page("routes/admin.audit", () => "/admin/audit"),
  page("routes/admin.outbox", () => "/admin/outbox", { id: "not a number" }),
];
