import { type RouteExpectation, staffOnly } from "./types";

// Signing in and out, accounts, invitations, team members and the
// development mail viewer.
const NO_SUCH_TOKEN = "B".repeat(43);
const SIGNED_IN_NOT_FOUND = {
  anonymous: "login",
  memberA: "not_found",
  coordinatorA: "not_found",
  memberB: "not_found",
  chairX: "not_found",
  chairY: "not_found",
  admin: "not_found",
} as const;
const GOOD_PASSWORD = { password: "a sound new password", confirm: "a sound new password" };

export const expectations: RouteExpectation[] = [
  {
    routeId: "routes/login",
    path: () => "/login",
    // Signed-in people are sent on to their home page: still "ok".
    get: "ok",
    post: { body: () => ({ email: "nobody@example.org", password: "wrong password" }), expect: "ok" },
  },
  { routeId: "routes/logout", path: () => "/logout", get: "ok", post: { body: () => ({}), expect: "ok" } },
  {
    routeId: "routes/forgot-password",
    path: () => "/forgot-password",
    get: "ok",
    post: { body: () => ({ email: "not an address" }), expect: "ok" },
  },
  {
    routeId: "routes/reset-password.$token",
    path: () => `/reset-password/${NO_SUCH_TOKEN}`,
    get: "not_found",
    post: { body: () => GOOD_PASSWORD, expect: "not_found" },
  },
  {
    routeId: "routes/invitations.$token",
    path: () => `/invitations/${NO_SUCH_TOKEN}`,
    get: "not_found",
    post: { body: () => GOOD_PASSWORD, expect: "not_found" },
  },
  {
    routeId: "routes/account",
    path: () => "/account",
    get: staffOnly(["memberA", "coordinatorA", "memberB", "chairX", "chairY", "admin"]),
    post: {
      body: () => ({ intent: "name", name: "" }),
      expect: staffOnly(["memberA", "coordinatorA", "memberB", "chairX", "chairY", "admin"]),
    },
  },
  {
    routeId: "routes/agencies.$agencyId.members",
    path: (ids) => `/agencies/${ids.agencyA}/members`,
    get: staffOnly(["coordinatorA", "admin"]),
    post: {
      body: () => ({ intent: "invite", email: "", name: "" }),
      expect: staffOnly(["coordinatorA", "admin"]),
    },
  },
  {
    // A team invitation's link: sign in first; a link that matches no invitation is 404 for everyone signed in.
    routeId: "routes/agency-invitations.$token",
    path: () => `/agency-invitations/${NO_SUCH_TOKEN}`,
    get: { ...SIGNED_IN_NOT_FOUND },
    post: { body: () => ({ answer: "accept" }), expect: { ...SIGNED_IN_NOT_FOUND } },
  },
  { routeId: "routes/dev.mail", path: () => "/dev/mail", get: "not_found" },
];
