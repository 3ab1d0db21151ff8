import type { RouteExpectation } from "./types";

// Public routes: everyone — signed in or not, whatever their role — gets the
// same answer. (The public feedback pages, feeds, open data, subscriptions and
// online concerns are helper D's; see issue 6.)

/** A well-formed token that matches no subscription. */
const NO_SUCH_TOKEN = "A".repeat(43);

export const expectations: RouteExpectation[] = [
  { routeId: "routes/_index", path: () => "/", get: "ok" },
  {
    routeId: "routes/neighbourhoods.$slug._index",
    path: (ids) => `/neighbourhoods/${ids.neighbourhoodSlug}`,
    get: "ok",
  },
  {
    routeId: "routes/neighbourhoods.$slug.priorities.$id._index",
    // priorityX (Maynard Road) belongs to Sitwell.
    path: (ids) => `/neighbourhoods/sitwell/priorities/${ids.priorityX}`,
    get: "ok",
    // "Has this got better?": anyone may answer, no account; with no answer given it is a 400 for all.
    post: { body: () => ({}), expect: "ok" },
  },
  {
    routeId: "routes/neighbourhoods.$slug.archive",
    path: (ids) => `/neighbourhoods/${ids.neighbourhoodSlug}/archive`,
    get: "ok",
  },
  {
    routeId: "routes/neighbourhoods.$slug.feed[.]atom",
    path: (ids) => `/neighbourhoods/${ids.neighbourhoodSlug}/feed.atom`,
    get: "ok",
  },
  {
    routeId: "routes/neighbourhoods.$slug.meetings[.]ics",
    path: (ids) => `/neighbourhoods/${ids.neighbourhoodSlug}/meetings.ics`,
    get: "ok",
  },
  {
    routeId: "routes/neighbourhoods.$slug.priorities[.]csv",
    path: (ids) => `/neighbourhoods/${ids.neighbourhoodSlug}/priorities.csv`,
    get: "ok",
  },
  {
    routeId: "routes/neighbourhoods.$slug.concerns.new",
    path: (ids) => `/neighbourhoods/${ids.neighbourhoodSlug}/concerns/new`,
    get: "ok",
    // An incomplete form: the action runs for everyone and answers 400 (and the
    // per-address limit is not used up by the matrix).
    post: { body: () => ({ location: "", wording: "" }), expect: "ok" },
  },
  {
    routeId: "routes/neighbourhoods.$slug.concerns._index",
    path: (ids) => `/neighbourhoods/${ids.neighbourhoodSlug}/concerns`,
    get: "ok",
  },
  // The reference lookup and its form: a reference that matches no concern is a 404 for everyone.
  { routeId: "routes/concerns._index", path: () => "/concerns?reference=nonsense", get: "ok" },
  { routeId: "routes/concerns.$reference._index", path: () => "/concerns/RC-2222-2222", get: "not_found" },
  {
    routeId: "routes/concerns.$reference.follow",
    path: () => `/concerns/RC-2222-2222/follow?priority=1&token=${NO_SUCH_TOKEN}`,
    get: "not_found",
    post: { body: () => ({}), expect: "not_found" },
  },
  { routeId: "routes/meetings.$id._index", path: (ids) => `/meetings/${ids.meetingX}`, get: "ok" },
  {
    routeId: "routes/subscribe",
    path: (ids) => `/subscribe?neighbourhood=${ids.neighbourhoodSlug}`,
    get: "ok",
    post: {
      body: (ids) => ({ email: "matrix-follower@example.net", neighbourhood: ids.neighbourhoodSlug }),
      expect: "ok",
    },
  },
  {
    routeId: "routes/subscriptions.confirm.$token",
    path: () => `/subscriptions/confirm/${NO_SUCH_TOKEN}`,
    get: "not_found",
    post: { body: () => ({}), expect: "not_found" },
  },
  {
    routeId: "routes/subscriptions.unsubscribe.$token._index",
    path: () => `/subscriptions/unsubscribe/${NO_SUCH_TOKEN}`,
    get: "not_found",
    post: { body: () => ({}), expect: "not_found" },
  },
  {
    routeId: "routes/subscriptions.unsubscribe.$token.one-click",
    path: () => `/subscriptions/unsubscribe/${NO_SUCH_TOKEN}/one-click`,
    // GET redirects to the unsubscribe page; POST (RFC 8058) answers 404 for an unknown token.
    get: "ok",
    post: { body: () => ({ "List-Unsubscribe": "One-Click" }), expect: "not_found" },
  },
  { routeId: "routes/api.v1.neighbourhoods._index", path: () => "/api/v1/neighbourhoods", get: "ok" },
  {
    routeId: "routes/api.v1.neighbourhoods.$slug._index",
    path: (ids) => `/api/v1/neighbourhoods/${ids.neighbourhoodSlug}`,
    get: "ok",
  },
  {
    routeId: "routes/api.v1.neighbourhoods.$slug.priorities",
    path: (ids) => `/api/v1/neighbourhoods/${ids.neighbourhoodSlug}/priorities`,
    get: "ok",
  },
  {
    routeId: "routes/api.v1.neighbourhoods.$slug.meetings",
    path: (ids) => `/api/v1/neighbourhoods/${ids.neighbourhoodSlug}/meetings`,
    get: "ok",
  },
  {
    routeId: "routes/api.v1.priorities.$id",
    path: (ids) => `/api/v1/priorities/${ids.priorityX}`,
    get: "ok",
  },
  { routeId: "routes/api.v1.meetings.$id", path: (ids) => `/api/v1/meetings/${ids.meetingX}`, get: "ok" },
  { routeId: "routes/api.v1.$", path: () => "/api/v1/no-such-endpoint", get: "not_found" },
  { routeId: "routes/api.v1.openapi[.]json", path: () => "/api/v1/openapi.json", get: "ok" },
  { routeId: "routes/api.police-uk.$", path: () => "/api/police-uk/no/such/endpoint", get: "not_found" },
  {
    routeId: "routes/api.police-uk.$force.$neighbourhood.priorities",
    path: (ids) => `/api/police-uk/${ids.force}/${ids.policeNeighbourhood}/priorities`,
    get: "ok",
  },
  { routeId: "routes/healthz", path: () => "/healthz", get: "ok" },
  { routeId: "routes/accessibility", path: () => "/accessibility", get: "ok" },
  { routeId: "routes/privacy", path: () => "/privacy", get: "ok" },
  { routeId: "routes/open-data", path: () => "/open-data", get: "ok" },
  { routeId: "routes/$", path: () => "/no-such-page", get: "not_found" },
];
