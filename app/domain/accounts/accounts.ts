// Accounts: signing in (with brute-force protection kept in the database),
// invitations, password resets, changing name, password and mail preference,
// deactivation.
// Links are single-use random tokens; only their SHA-256 is stored.
import { and, eq, gt, isNull, max, sql } from "drizzle-orm";
import { z } from "zod";
import { hashPassword, verifyPassword } from "~/lib/password.server";
import { type Database, db, type Executor } from "~db/client.server";
import { agencies, agencyMemberships, assemblyChairs, loginAttempts, users, userTokens } from "~db/schema";
import { invitationEmail, passwordResetEmail } from "~emails/accounts";
import { enqueueEmail } from "../../integrations/outbox.server";
import { ensure, isAdmin, isCoordinatorOf, type MembershipRole, type Viewer } from "../core/access";
import { recordAudit } from "../core/audit";
import { DomainError, invalid, notFound } from "../core/errors";
import { INVITATION_DAYS, newToken, sha256 } from "../core/hash";
import { bucketFor, takeRateLimit } from "../core/rate-limits";
import { settleInvitationsOnPasswordSet } from "./agency-invitations";
import { type GivenRole, putInTeam, tellOfRolesGiven } from "./roles-given";
import { endUserSessions } from "./sessions";

export { INVITATION_DAYS, sha256 };

/** Per address: this many failures within the window, and it waits for the window to pass. */
export const SIGN_IN_LIMIT = { failures: 10, windowMs: 15 * 60 * 1000 };
/** Per account: after this many failures, a growing wait between tries (never a lock-out). */
export const SIGN_IN_SLOWDOWN = { freeFailures: 5, maxDelayMs: 60 * 1000 };
/** An address this account signed in from within this time is the owner's own device. */
const KNOWN_DEVICE_MS = 30 * 24 * 60 * 60 * 1000;
export const RESET_HOURS = 2;

// ---------------------------------------------------------------- passwords

export const passwordSchema = z
  .string({ error: "Enter a password" })
  .min(10, "Use at least 10 characters for your password")
  .max(200, "Use 200 characters or fewer for your password")
  .refine((value) => value.trim().length >= 10, "Use at least 10 characters that are not spaces");

export const emailSchema = z
  .string({ error: "Enter an e-mail address" })
  .trim()
  .toLowerCase()
  .min(1, "Enter an e-mail address")
  .max(254, "E-mail addresses are 254 characters or fewer")
  .pipe(z.email("Enter an e-mail address in the right format, like name@example.org"));

// ---------------------------------------------------------------- signing in

export class SignInRefused extends Error {
  constructor(
    message: string,
    public readonly retryAt?: Date,
  ) {
    super(message);
    this.name = "SignInRefused";
  }
}

const WRONG_DETAILS = "The e-mail address or password is not right. Check them and try again.";

const timeOfDay = (at: Date) =>
  at.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/London" });

/**
 * Why a sign-in may not be tried now, and until when; null when it may.
 * - An address with SIGN_IN_LIMIT.failures failures in the window is refused until the window passes.
 * - An account is never locked: after SIGN_IN_SLOWDOWN.freeFailures failures each further try waits
 *   longer (doubling up to maxDelayMs) — so guessing is slow, while the owner, who can always get in
 *   after a short wait, is not shut out by someone else's guesses. Failures before the account's last
 *   sign-in or completed password reset do not count; nor does anything slow an address from which
 *   this account has signed in before (the owner's own device).
 */
export async function signInRefusal(
  email: string,
  address: string,
  now = new Date(),
): Promise<{ message: string; retryAt: Date } | null> {
  const since = new Date(now.getTime() - SIGN_IN_LIMIT.windowMs);
  const lowered = email.trim().toLowerCase();
  const [byAddress] = await db()
    .select({ n: sql<number>`count(*)::int`, first: sql<string>`min(${loginAttempts.createdAt})` })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.address, address),
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.createdAt, since),
      ),
    );
  if (byAddress && byAddress.n >= SIGN_IN_LIMIT.failures && byAddress.first) {
    const retryAt = new Date(new Date(byAddress.first).getTime() + SIGN_IN_LIMIT.windowMs);
    return {
      message: `Too many failed sign-ins from this connection. For your security, try again after ${timeOfDay(retryAt)} (UK time).`,
      retryAt,
    };
  }
  const [account] = await db()
    .select({
      lastSuccess: sql<
        string | null
      >`max(${loginAttempts.createdAt}) filter (where ${loginAttempts.succeeded})`,
      knownHere: sql<boolean>`bool_or(${loginAttempts.succeeded} and ${loginAttempts.address} = ${address})`,
    })
    .from(loginAttempts)
    .where(
      and(
        sql`lower(${loginAttempts.email}) = ${lowered}`,
        gt(loginAttempts.createdAt, new Date(now.getTime() - KNOWN_DEVICE_MS)),
      ),
    );
  if (account?.knownHere) return null;
  const [reset] = await db()
    .select({ at: max(userTokens.usedAt) })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(and(sql`lower(${users.email}) = ${lowered}`, eq(userTokens.kind, "password_reset")));
  const accountSince = new Date(
    Math.max(
      since.getTime(),
      account?.lastSuccess ? new Date(account.lastSuccess).getTime() : 0,
      reset?.at ? reset.at.getTime() : 0,
    ),
  );
  const [failures] = await db()
    .select({ n: sql<number>`count(*)::int`, last: sql<string | null>`max(${loginAttempts.createdAt})` })
    .from(loginAttempts)
    .where(
      and(
        sql`lower(${loginAttempts.email}) = ${lowered}`,
        eq(loginAttempts.succeeded, false),
        gt(loginAttempts.createdAt, accountSince),
      ),
    );
  if (!failures?.last) return null;
  const delay = signInDelayMs(failures.n);
  const retryAt = new Date(new Date(failures.last).getTime() + delay);
  if (delay === 0 || retryAt <= now) return null;
  const seconds = Math.ceil((retryAt.getTime() - now.getTime()) / 1000);
  return {
    message: `Too many failed sign-ins for this account. For your security, wait ${seconds} second${seconds === 1 ? "" : "s"} and try again, or reset your password.`,
    retryAt,
  };
}

/** The wait after an account's `failures`-th failure in a row: none at first, then 1 s, 2 s, 4 s… up to a minute. */
export function signInDelayMs(failures: number): number {
  if (failures < SIGN_IN_SLOWDOWN.freeFailures) return 0;
  return Math.min(1000 * 2 ** (failures - SIGN_IN_SLOWDOWN.freeFailures), SIGN_IN_SLOWDOWN.maxDelayMs);
}

/**
 * Checks an e-mail and password. Returns the user id, or throws SignInRefused
 * (wrong details, locked out, or deactivated) after recording the attempt.
 */
export async function signIn(
  input: { email: string; password: string; address: string },
  now = new Date(),
): Promise<{ userId: number }> {
  const email = input.email.trim().toLowerCase().slice(0, 254);
  const refusal = await signInRefusal(email, input.address, now);
  if (refusal) {
    await db().transaction(async (tx) => {
      await recordAudit(tx, {
        actorUserId: null,
        action: "sign_in.refused_locked",
        entityType: "user",
        after: { email },
        address: input.address,
      });
    });
    throw new SignInRefused(refusal.message, refusal.retryAt);
  }
  const [user] = await db()
    .select({ id: users.id, passwordHash: users.passwordHash, active: users.active })
    .from(users)
    .where(sql`lower(${users.email}) = ${email}`)
    .limit(1);
  // Verify against a dummy hash when there is no such user, so timing does not tell.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  const succeeded = Boolean(user && ok && user.active && user.passwordHash);
  await db().transaction(async (tx) => {
    await tx.insert(loginAttempts).values({ email, address: input.address, succeeded, createdAt: now });
    await recordAudit(tx, {
      actorUserId: succeeded ? (user?.id ?? null) : null,
      action: succeeded ? "sign_in.succeeded" : "sign_in.failed",
      entityType: "user",
      entityId: user?.id ?? null,
      after: succeeded
        ? null
        : { email, reason: !user ? "unknown" : !user.active ? "deactivated" : "password" },
      address: input.address,
    });
  });
  if (!succeeded || !user) throw new SignInRefused(WRONG_DETAILS);
  return { userId: user.id };
}

const DUMMY_HASH =
  "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";

export async function recordSignOut(userId: number, address: string | null) {
  await db().transaction(async (tx) => {
    await recordAudit(tx, {
      actorUserId: userId,
      action: "sign_out",
      entityType: "user",
      entityId: userId,
      address,
    });
  });
}

// ---------------------------------------------------------------- invitations

export type InvitationInput = {
  email: string;
  name: string;
  isAdmin?: boolean;
  agencyId?: number | null;
  role?: MembershipRole;
  chairOfAssemblyId?: number | null;
};

/**
 * An administrator invites a person: creates their account (without a
 * password) with the given roles, and e-mails a single-use link to set a
 * password. Someone who already has an account is added to the chosen agency
 * (and assembly) directly, an administrator's authority; their name and
 * administrator setting stay as they are, and the answer says so (`existing`).
 * Agency coordinators invite through `inviteToAgency` instead, which waits for
 * the person's consent.
 */
export async function inviteUser(
  viewer: Viewer,
  input: InvitationInput,
  options: { baseUrl: string; now?: Date },
): Promise<{ userId: number; invited: boolean; existing: boolean; told: boolean }> {
  const now = options.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  ensure(isAdmin(viewer));
  return db().transaction(async (tx) => {
    if (input.agencyId) {
      const [agency] = await tx
        .select({ id: agencies.id })
        .from(agencies)
        .where(eq(agencies.id, input.agencyId));
      if (!agency) throw invalid("Choose an agency", { agencyId: ["Choose an agency"] });
    }
    const [existing] = await tx
      .select({ id: users.id, passwordHash: users.passwordHash, active: users.active })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    let userId: number;
    if (existing) {
      if (!input.agencyId) {
        throw invalid("There is already an account for this e-mail address", {
          email: ["There is already an account for this e-mail address: open it from the list of users"],
        });
      }
      if (!existing.active) {
        throw invalid("This account has been deactivated", {
          email: ["This account has been deactivated: an administrator can reactivate it"],
        });
      }
      userId = existing.id;
    } else {
      const [created] = await tx
        .insert(users)
        .values({ email, name: input.name.trim(), isAdmin: Boolean(input.isAdmin) })
        .returning({ id: users.id });
      userId = created.id;
    }
    const given: GivenRole[] = [];
    if (input.agencyId) {
      const team = await putInTeam(tx, userId, input.agencyId, input.role ?? "member");
      if (team.given) given.push(team.given);
    }
    if (input.chairOfAssemblyId) {
      const added = await tx
        .insert(assemblyChairs)
        .values({ userId, assemblyId: input.chairOfAssemblyId })
        .onConflictDoNothing()
        .returning({ userId: assemblyChairs.userId });
      if (added.length) given.push({ kind: "chair", assemblyId: input.chairOfAssemblyId });
    }
    // Someone with an account already is told what they can now do (an invitee, by the invitation).
    const told = existing ? await tellOfRolesGiven(tx, viewer, userId, given, options.baseUrl) : false;
    const needsInvitation = !existing?.passwordHash;
    if (needsInvitation) {
      const token = newToken();
      await tx.insert(userTokens).values({
        kind: "invitation",
        tokenHash: sha256(token),
        userId,
        createdByUserId: viewer.userId,
        expiresAt: new Date(now.getTime() + INVITATION_DAYS * 24 * 60 * 60 * 1000),
      });
      await enqueueEmail(tx, {
        to: email,
        ...invitationEmail({
          name: input.name.trim(),
          inviterName: viewer.name,
          url: `${options.baseUrl.replace(/\/$/, "")}/invitations/${token}`,
          days: INVITATION_DAYS,
        }),
      });
    }
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: needsInvitation ? "user.invited" : "membership.added",
      entityType: "user",
      entityId: userId,
      agencyId: input.agencyId ?? null,
      assemblyId: input.chairOfAssemblyId ?? null,
      after: {
        email,
        name: input.name.trim(),
        isAdmin: Boolean(input.isAdmin),
        agencyId: input.agencyId ?? null,
        role: input.agencyId ? (input.role ?? "member") : null,
        chairOfAssemblyId: input.chairOfAssemblyId ?? null,
      },
    });
    return { userId, invited: needsInvitation, existing: Boolean(existing), told };
  });
}

const TOKEN_PROBLEM = {
  missing: "This link is not valid. Check you copied the whole link from the e-mail, or ask for a new one.",
  used: "This link has already been used. Sign in, or ask for a new link.",
  expired: "This link has expired. Ask for a new one.",
} as const;

export class TokenProblem extends DomainError {
  constructor(public readonly reason: keyof typeof TOKEN_PROBLEM) {
    super("invalid", TOKEN_PROBLEM[reason]);
  }
}

/** Looks a link up without using it (to show the form), or throws TokenProblem. */
export async function checkToken(
  kind: "invitation" | "password_reset",
  token: string,
  executor: Executor = db(),
  now = new Date(),
) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new TokenProblem("missing");
  const [row] = await executor
    .select({
      id: userTokens.id,
      userId: userTokens.userId,
      expiresAt: userTokens.expiresAt,
      usedAt: userTokens.usedAt,
      name: users.name,
      email: users.email,
      active: users.active,
    })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(and(eq(userTokens.kind, kind), eq(userTokens.tokenHash, sha256(token))))
    .limit(1);
  if (!row?.active) throw new TokenProblem("missing");
  if (row.usedAt) throw new TokenProblem("used");
  if (row.expiresAt <= now) throw new TokenProblem("expired");
  return row;
}

/** Uses an invitation or reset link to set the password (single use; ends other sessions). */
export async function setPasswordWithToken(
  kind: "invitation" | "password_reset",
  token: string,
  password: string,
  address: string | null,
  now = new Date(),
  /** For fresh "join the team?" e-mails when other invitation links die with this one. */
  baseUrl?: string,
): Promise<{ userId: number }> {
  const passwordHash = await hashPassword(password);
  return db().transaction(async (tx) => {
    const row = await checkToken(kind, token, tx, now);
    // Claim the token; a second use at the same moment finds it used.
    const claimed = await tx
      .update(userTokens)
      .set({ usedAt: now })
      .where(and(eq(userTokens.id, row.id), isNull(userTokens.usedAt)))
      .returning({ id: userTokens.id });
    if (!claimed.length) throw new TokenProblem("used");
    const userId = row.userId as number;
    await tx.update(users).set({ passwordHash, updatedAt: now }).where(eq(users.id, userId));
    // Choosing a password from a team's invitation accepts that invitation.
    if (kind === "invitation") {
      await settleInvitationsOnPasswordSet(tx, { userId, accountTokenId: row.id, now, baseUrl, address });
    }
    // Any other outstanding links of the same kind die with this one.
    await tx
      .update(userTokens)
      .set({ usedAt: now })
      .where(and(eq(userTokens.userId, userId), eq(userTokens.kind, kind), isNull(userTokens.usedAt)));
    await endUserSessions(userId, undefined, tx);
    await recordAudit(tx, {
      actorUserId: userId,
      action: kind === "invitation" ? "invitation.accepted" : "password.reset",
      entityType: "user",
      entityId: userId,
      address,
    });
    return { userId };
  });
}

/** Reset requests one address may make in an hour, whatever e-mail addresses it asks for. */
export const PASSWORD_RESET_RATE_LIMIT = { limit: 10, windowMs: 60 * 60 * 1000 };

/**
 * "Forgot password": queues a reset link when the address belongs to an active
 * account. Answers nothing either way, so the page cannot reveal who has an account.
 */
export async function requestPasswordReset(
  emailInput: string,
  options: { baseUrl: string; address: string | null; now?: Date },
): Promise<void> {
  const now = options.now ?? new Date();
  const email = emailInput.trim().toLowerCase();
  await db().transaction(async (tx) => {
    if (
      options.address &&
      !(await takeRateLimit(tx, bucketFor("password-reset", options.address), PASSWORD_RESET_RATE_LIMIT, now))
    )
      return;
    const [user] = await tx
      .select({ id: users.id, name: users.name, active: users.active })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    if (!user?.active) return;
    // At most 3 outstanding links an hour per account, so the form cannot be used to flood a mailbox.
    const [recent] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(userTokens)
      .where(
        and(
          eq(userTokens.userId, user.id),
          eq(userTokens.kind, "password_reset"),
          gt(userTokens.createdAt, new Date(now.getTime() - 60 * 60 * 1000)),
        ),
      );
    if ((recent?.n ?? 0) >= 3) return;
    const token = newToken();
    await tx.insert(userTokens).values({
      kind: "password_reset",
      tokenHash: sha256(token),
      userId: user.id,
      expiresAt: new Date(now.getTime() + RESET_HOURS * 60 * 60 * 1000),
      createdAt: now,
    });
    await enqueueEmail(tx, {
      to: email,
      ...passwordResetEmail({
        name: user.name,
        url: `${options.baseUrl.replace(/\/$/, "")}/reset-password/${token}`,
        hours: RESET_HOURS,
      }),
    });
    await recordAudit(tx, {
      actorUserId: null,
      action: "password.reset_requested",
      entityType: "user",
      entityId: user.id,
      address: options.address,
    });
  });
}

// ---------------------------------------------------------------- your account

export async function changeName(viewer: Viewer, name: string) {
  await db().transaction(async (tx) => {
    const [before] = await tx.select({ name: users.name }).from(users).where(eq(users.id, viewer.userId));
    await tx.update(users).set({ name, updatedAt: new Date() }).where(eq(users.id, viewer.userId));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "user.name_changed",
      entityType: "user",
      entityId: viewer.userId,
      before: { name: before?.name },
      after: { name },
    });
  });
}

/** How a person gets non-urgent mail: each message straight away, or in the weekly digest. */
export type MailPreference = (typeof users.$inferSelect)["mailPreference"];

/**
 * Sets the person's own mail preference (the account page and the partner's
 * e-mail settings both call this): one transaction, the row locked, one audit
 * event `user.mail_preference_changed` (older rows say `user.mail_preference`).
 */
export async function changeMailPreference(
  viewer: Viewer,
  preference: MailPreference,
  options: { database?: Database; now?: Date; address?: string | null } = {},
) {
  await (options.database ?? db()).transaction(async (tx) => {
    const [before] = await tx
      .select({ mailPreference: users.mailPreference })
      .from(users)
      .where(eq(users.id, viewer.userId))
      .for("update");
    if (!before) throw notFound("There is no such person.");
    await tx
      .update(users)
      .set({ mailPreference: preference, updatedAt: options.now ?? new Date() })
      .where(eq(users.id, viewer.userId));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "user.mail_preference_changed",
      entityType: "user",
      entityId: viewer.userId,
      before,
      after: { mailPreference: preference },
      address: options.address ?? null,
    });
  });
}

/** Changes the password after checking the current one; every other session of the user ends. */
export async function changePassword(
  viewer: Viewer & { sessionId: string },
  input: { current: string; next: string },
  address: string | null,
) {
  const [user] = await db()
    .select({ passwordHash: users.passwordHash })
    .from(users)
    .where(eq(users.id, viewer.userId));
  if (!(await verifyPassword(input.current, user?.passwordHash ?? null))) {
    throw invalid("Your current password is not right", { current: ["Your current password is not right"] });
  }
  const passwordHash = await hashPassword(input.next);
  await db().transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, viewer.userId));
    const ended = await endUserSessions(viewer.userId, viewer.sessionId, tx);
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "password.changed",
      entityType: "user",
      entityId: viewer.userId,
      after: { otherSessionsEnded: ended },
      address,
    });
  });
}

// ---------------------------------------------------------------- admin over users

export async function endAllSessionsOf(viewer: Viewer, userId: number) {
  ensure(isAdmin(viewer));
  return db().transaction(async (tx) => {
    const ended = await endUserSessions(userId, undefined, tx);
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "user.sessions_ended",
      entityType: "user",
      entityId: userId,
      after: { ended },
    });
    return ended;
  });
}

/** Deactivates (or reactivates) an account: sessions end, history stays. */
export async function setUserActive(viewer: Viewer, userId: number, active: boolean) {
  ensure(isAdmin(viewer));
  if (userId === viewer.userId && !active) {
    throw invalid("You cannot deactivate your own account", {
      form: ["You cannot deactivate your own account"],
    });
  }
  await db().transaction(async (tx) => {
    const [before] = await tx.select({ active: users.active }).from(users).where(eq(users.id, userId));
    if (!before) throw notFound("No such user.");
    await tx
      .update(users)
      .set({ active, deactivatedAt: active ? null : new Date(), updatedAt: new Date() })
      .where(eq(users.id, userId));
    if (!active) await endUserSessions(userId, undefined, tx);
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: active ? "user.reactivated" : "user.deactivated",
      entityType: "user",
      entityId: userId,
      before,
      after: { active },
    });
  });
}

/** Removes a person from an agency (its coordinators, or an admin). */
export async function removeMembership(viewer: Viewer, agencyId: number, userId: number) {
  ensure(isCoordinatorOf(viewer, agencyId));
  await db().transaction(async (tx) => {
    const removed = await tx
      .delete(agencyMemberships)
      .where(and(eq(agencyMemberships.agencyId, agencyId), eq(agencyMemberships.userId, userId)))
      .returning({ role: agencyMemberships.role });
    if (!removed.length) throw notFound("That person is not a member of this agency.");
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "membership.removed",
      entityType: "user",
      entityId: userId,
      agencyId,
      before: { agencyId, role: removed[0].role },
      after: null,
    });
  });
}

/** Changes a member's role in an agency (its coordinators, or an admin); returns whether they were told by e-mail. */
export async function setMembershipRole(
  viewer: Viewer,
  agencyId: number,
  userId: number,
  role: MembershipRole,
) {
  ensure(isCoordinatorOf(viewer, agencyId));
  return db().transaction(async (tx) => {
    const [before] = await tx
      .select({ role: agencyMemberships.role })
      .from(agencyMemberships)
      .where(and(eq(agencyMemberships.agencyId, agencyId), eq(agencyMemberships.userId, userId)));
    if (!before) throw notFound("That person is not a member of this agency.");
    await tx
      .update(agencyMemberships)
      .set({ role })
      .where(and(eq(agencyMemberships.agencyId, agencyId), eq(agencyMemberships.userId, userId)));
    const told =
      before.role !== role &&
      (await tellOfRolesGiven(tx, viewer, userId, [{ kind: "role", agencyId, role }]));
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "membership.role_changed",
      entityType: "user",
      entityId: userId,
      agencyId,
      before,
      after: { role },
    });
    return told;
  });
}

/** The person's mail preference (straight away when there is no such person). */
export async function mailPreferenceOf(userId: number, database: Executor = db()): Promise<MailPreference> {
  const [user] = await database
    .select({ mailPreference: users.mailPreference })
    .from(users)
    .where(eq(users.id, userId));
  return user?.mailPreference ?? "immediate";
}
