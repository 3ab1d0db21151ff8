import { desc, eq } from "drizzle-orm";
import { inviteUser, requestPasswordReset, setPasswordWithToken } from "~/domain/accounts/accounts";
import { db } from "~db/client.server";
import * as t from "~db/schema";
import { viewer } from "../factories/demo";
import { ROLE_EMAILS } from "./ids";
import { type Fresh, type RouteExpectation, staffOnly } from "./types";

// Signing in and out, accounts, invitations, team members and the
// development mail viewer. POSTs are valid: a real password, a real reset or
// invitation link (made afresh for each role), a new address to invite.
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
const signedIn = ["memberA", "coordinatorA", "memberB", "chairX", "chairY", "admin"] as const;

let count = 0;

/** The token in the newest e-mail to this address's link of this kind. */
async function tokenSentTo(email: string, path: string): Promise<string> {
  const [message] = await db()
    .select({ text: t.outboxMessages.text })
    .from(t.outboxMessages)
    .where(eq(t.outboxMessages.toAddress, email))
    .orderBy(desc(t.outboxMessages.id))
    .limit(1);
  const token = message?.text.match(new RegExp(`${path}/([A-Za-z0-9_-]+)`))?.[1];
  if (!token) throw new Error(`Matrix: no ${path} link sent to ${email}`);
  return token;
}

/** A new person invited by the admin: their address and their invitation link's token. */
async function invitation(): Promise<Fresh> {
  count += 1;
  const email = `matrix.newcomer.${count}@example.org`;
  await inviteUser(
    await viewer(ROLE_EMAILS.admin, db()),
    { email, name: "Matrix Newcomer", role: "member" },
    { baseUrl: "http://localhost:3000" },
  );
  return { email, token: await tokenSentTo(email, "/invitations") };
}

/** A person (who accepted their invitation) asking to reset their password: the reset link's token. */
async function passwordReset(): Promise<Fresh> {
  const invited = await invitation();
  const email = String(invited.email);
  await setPasswordWithToken("invitation", String(invited.token), "the first password", null);
  await requestPasswordReset(email, { baseUrl: "http://localhost:3000", address: null });
  return { token: await tokenSentTo(email, "/reset-password") };
}

export const expectations: RouteExpectation[] = [
  {
    routeId: "routes/login",
    path: () => "/login",
    // Signed-in people are sent on to their home page: still "ok". Signing in again works for anyone.
    get: "ok",
    post: {
      body: () => ({ email: ROLE_EMAILS.coordinatorA, password: "matrix-password-2026" }),
      expect: "ok",
    },
  },
  { routeId: "routes/logout", path: () => "/logout", get: "ok", post: { body: () => ({}), expect: "ok" } },
  {
    routeId: "routes/forgot-password",
    path: () => "/forgot-password",
    get: "ok",
    post: { body: () => ({ email: ROLE_EMAILS.memberA }), expect: "ok" },
  },
  {
    routeId: "routes/reset-password.$token",
    // A made-up link is a 404 for everyone; a real one works for whoever holds it.
    path: () => `/reset-password/${NO_SUCH_TOKEN}`,
    get: "not_found",
    post: {
      prepare: passwordReset,
      path: (_ids, fresh) => `/reset-password/${fresh.token}`,
      body: () => GOOD_PASSWORD,
      expect: "ok",
    },
  },
  {
    routeId: "routes/invitations.$token",
    path: () => `/invitations/${NO_SUCH_TOKEN}`,
    get: "not_found",
    post: {
      prepare: invitation,
      path: (_ids, fresh) => `/invitations/${fresh.token}`,
      body: () => GOOD_PASSWORD,
      expect: "ok",
    },
  },
  {
    routeId: "routes/account",
    path: () => "/account",
    get: staffOnly([...signedIn]),
    post: {
      body: () => ({ intent: "mail", mailPreference: "immediate" }),
      expect: staffOnly([...signedIn]),
    },
  },
  {
    routeId: "routes/agencies.$agencyId.members",
    path: (ids) => `/agencies/${ids.agencyA}/members`,
    get: staffOnly(["coordinatorA", "admin"]),
    post: {
      prepare: async () => {
        count += 1;
        return { n: count };
      },
      body: (_ids, fresh) => ({
        intent: "invite",
        email: `matrix.teammate.${fresh.n}@example.org`,
        name: "Matrix Teammate",
        role: "member",
      }),
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
