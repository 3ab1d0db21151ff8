// The permission matrix (issue 3): every route in the route manifest has an
// entry saying what each role gets for GET and POST. Entries live in one file
// per area (public.ts, auth.ts, admin.ts, chair.ts, partner.ts); the matrix test
// (tests/integration/permission-matrix.test.ts) walks them all and fails for a
// route without an entry.

/** The roles the matrix signs in as. Agency A = police neighbourhood team, B = trading standards;
 *  assembly X = Rotherham South (holds Herringthorpe), Y = Wentworth Valley. */
export const ROLES = [
  "anonymous",
  "memberA", // police@example.org, member of agency A
  "coordinatorA", // created by the matrix: coordinator of agency A
  "memberB", // tradingstandards@example.org, member of agency B
  "chairX", // chair@example.org, chair of assembly X
  "chairY", // created by the matrix: chair of assembly Y
  "admin", // admin@example.org
] as const;
export type Role = (typeof ROLES)[number];

/**
 * What a role gets:
 * - "ok": allowed, and shown by doing it: a request that is valid for that role answers 2xx or a
 *   redirect that is not "sign in first". A 400, 409 or 429 (a refused form, a stale version, a limit) is
 *   NOT "ok", nor is a 200 whose form answer says it was refused.
 * - "login": a redirect to /login?returnTo=… (anonymous on a staff page: sign in first)
 * - "forbidden": 403
 * - "not_found": 404 (where even the record's existence is private, or it does not exist)
 */
export type Outcome = "ok" | "login" | "forbidden" | "not_found";

/** Ids of the matrix's world, built before it runs (tests/permissions/ids.ts). */
export type MatrixIds = {
  assemblyX: number;
  assemblyY: number;
  agencyA: number;
  agencyB: number;
  neighbourhoodSlug: string; // herringthorpe (assembly X)
  neighbourhoodId: number; // herringthorpe's id
  otherNeighbourhoodSlug: string; // maltby (assembly Y)
  priorityX: number; // an active priority in assembly X (Maynard Road, sitwell)
  taskOfA: number; // a task of agency A on priorityX
  taskOfB: number; // a task of agency B on priorityX (offered)
  doneTaskOfA: number; // a done task of agency A in assembly X (Herringthorpe playing fields)
  meetingX: number; // an upcoming meeting of assembly X
  meetingY: number; // an upcoming meeting of assembly Y
  concernX: number; // a `new` online concern in assembly X
  userMemberA: number;
  force: string; // police.uk force id of neighbourhoodSlug
  policeNeighbourhood: string; // police.uk neighbourhood id of neighbourhoodSlug
};

export type RouteExpectation = {
  /** The route id in the manifest, e.g. "routes/neighbourhoods.$slug._index". */
  routeId: string;
  /** A concrete URL for this route. */
  path: (ids: MatrixIds) => string;
  /** Outcome per role for GET; one Outcome for all roles, or a full record. Omit when the route has no loader. */
  get?: Outcome | Record<Role, Outcome>;
  /** Outcome per role for POST; omit when the route has no action (the matrix then expects 405). */
  post?: {
    /**
     * Makes what ONE role's POST acts on, afresh for every role (a new offered task, a new
     * meeting, a unique e-mail address…), so an allowed role's valid request really succeeds and
     * does not spoil the next role's. Omit when the POST can be repeated as it is.
     */
    prepare?: (ids: MatrixIds) => Promise<Fresh>;
    /** Where to POST, when it is the fresh record's page (default: `path`). */
    path?: (ids: MatrixIds, fresh: Fresh) => string;
    /** A body that is VALID for a role that may do this. */
    body: (ids: MatrixIds, fresh: Fresh) => Record<string, string | string[]>;
    expect: Outcome | Record<Role, Outcome>;
  };
};

/** What a `prepare` made: ids, versions, tokens, unique values. */
export type Fresh = Record<string, string | number>;

/** Shorthand for staff pages: anonymous → login, the listed roles → ok, the rest → forbidden. */
export function staffOnly(allowed: Role[], denied: Outcome = "forbidden"): Record<Role, Outcome> {
  return Object.fromEntries(
    ROLES.map((role) => [role, role === "anonymous" ? "login" : allowed.includes(role) ? "ok" : denied]),
  ) as Record<Role, Outcome>;
}
