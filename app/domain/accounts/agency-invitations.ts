// Joining an agency's team takes the invited person's consent. A coordinator's
// invitation creates no membership: the invited account's owner accepts (or
// declines) from the link in their e-mail, signed in as themselves. Someone
// without an account yet gets the usual set-password invitation, and setting
// the password accepts. The coordinator's answer is the same whether or not
// the address already had an account, so the form cannot be used to find out.
import { and, asc, eq, gt, inArray, isNull, ne, sql } from "drizzle-orm";
import { db, type Executor } from "~db/client.server";
import { agencies, agencyInvitations, agencyMemberships, users, userTokens } from "~db/schema";
import { agencyInvitationEmail, invitationEmail } from "~emails/accounts";
import { enqueueEmail } from "../../integrations/outbox.server";
import { canManageAgencyMembers, ensure, type MembershipRole, type Viewer } from "../core/access";
import { recordAudit } from "../core/audit";
import { DomainError, invalid, notFound } from "../core/errors";
import { INVITATION_DAYS, newToken, sha256 } from "../core/hash";

const DAY_MS = 24 * 60 * 60 * 1000;
const trimSlash = (url: string) => url.replace(/\/$/, "");
export const agencyInvitationPath = (token: string) => `/agency-invitations/${token}`;

export type AgencyInvitationInput = {
  agencyId: number;
  email: string;
  name: string;
  role: MembershipRole;
};

/** Still waiting for an answer: not accepted, declined or withdrawn (expiry is checked separately). */
const unanswered = and(
  isNull(agencyInvitations.acceptedAt),
  isNull(agencyInvitations.declinedAt),
  isNull(agencyInvitations.withdrawnAt),
);

/**
 * A coordinator (or an admin, on the team page) invites someone to the agency.
 * The same happens, as far as the coordinator can tell, whether or not the
 * address has an account: an invitation is recorded and listed as pending.
 */
export async function inviteToAgency(
  viewer: Viewer,
  input: AgencyInvitationInput,
  options: { baseUrl: string; now?: Date },
): Promise<{ invitationId: number }> {
  ensure(canManageAgencyMembers(viewer, input.agencyId));
  const now = options.now ?? new Date();
  const email = input.email.trim().toLowerCase();
  const name = input.name.trim();
  const expiresAt = new Date(now.getTime() + INVITATION_DAYS * DAY_MS);
  return db().transaction(async (tx) => {
    const [agency] = await tx
      .select({ id: agencies.id, name: agencies.name })
      .from(agencies)
      .where(eq(agencies.id, input.agencyId));
    if (!agency) throw notFound("No such agency.");
    const [existing] = await tx
      .select({
        id: users.id,
        name: users.name,
        passwordHash: users.passwordHash,
        active: users.active,
      })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`)
      .limit(1);
    if (existing) {
      // The team page already shows its members' addresses, so saying so reveals nothing.
      const [member] = await tx
        .select({ role: agencyMemberships.role })
        .from(agencyMemberships)
        .where(and(eq(agencyMemberships.agencyId, agency.id), eq(agencyMemberships.userId, existing.id)));
      if (member) {
        throw invalid("They are already in the team", {
          email: ["They are already in the team: change their role in the list of members"],
        });
      }
    }
    const userId =
      existing?.id ??
      (
        await tx
          .insert(users)
          .values({ email, name, createdAt: now, updatedAt: now })
          .returning({ id: users.id })
      )[0].id;
    // A new invitation to the same person replaces the one still waiting, and its links die.
    const replaced = await tx
      .update(agencyInvitations)
      .set({ withdrawnAt: now })
      .where(and(eq(agencyInvitations.agencyId, agency.id), eq(agencyInvitations.userId, userId), unanswered))
      .returning({ accountTokenId: agencyInvitations.accountTokenId });
    const deadLinks = replaced.flatMap((r) => (r.accountTokenId ? [r.accountTokenId] : []));
    if (deadLinks.length) {
      await tx
        .update(userTokens)
        .set({ usedAt: now })
        .where(and(inArray(userTokens.id, deadLinks), isNull(userTokens.usedAt)));
    }
    const token = newToken();
    let accountTokenId: number | null = null;
    let mail: { template: string; subject: string; text: string; html: string } | null = null;
    if (!existing?.passwordHash) {
      // No password yet (a new address, or an account never set up): choosing one accepts.
      const accountToken = newToken();
      const [row] = await tx
        .insert(userTokens)
        .values({
          kind: "invitation",
          tokenHash: sha256(accountToken),
          userId,
          createdByUserId: viewer.userId,
          expiresAt,
          createdAt: now,
        })
        .returning({ id: userTokens.id });
      accountTokenId = row.id;
      mail = invitationEmail({
        name,
        inviterName: viewer.name,
        url: `${trimSlash(options.baseUrl)}/invitations/${accountToken}`,
        days: INVITATION_DAYS,
        agency: { name: agency.name, role: input.role },
      });
    } else {
      mail = agencyInvitationEmail({
        name: existing.name,
        inviterName: viewer.name,
        agencyName: agency.name,
        role: input.role,
        url: `${trimSlash(options.baseUrl)}${agencyInvitationPath(token)}`,
        days: INVITATION_DAYS,
      });
    }
    const [invitation] = await tx
      .insert(agencyInvitations)
      .values({
        agencyId: agency.id,
        userId,
        email,
        name,
        role: input.role,
        tokenHash: sha256(token),
        accountTokenId,
        invitedByUserId: viewer.userId,
        expiresAt,
        createdAt: now,
      })
      .returning({ id: agencyInvitations.id });
    // A deactivated account cannot accept, so it is not written to; the coordinator sees no difference.
    if (existing?.active !== false) await enqueueEmail(tx, { to: email, ...mail });
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "agency_invitation.sent",
      entityType: "agency_invitation",
      entityId: invitation.id,
      agencyId: agency.id,
      after: { email, name, role: input.role, expiresAt: expiresAt.toISOString() },
    });
    return { invitationId: invitation.id };
  });
}

/** The team page's list of invitations still waiting for an answer. */
export async function listPendingInvitations(viewer: Viewer, agencyId: number, now = new Date()) {
  ensure(canManageAgencyMembers(viewer, agencyId));
  return db()
    .select({
      id: agencyInvitations.id,
      email: agencyInvitations.email,
      name: agencyInvitations.name,
      role: agencyInvitations.role,
      sentAt: agencyInvitations.createdAt,
      expiresAt: agencyInvitations.expiresAt,
    })
    .from(agencyInvitations)
    .where(and(eq(agencyInvitations.agencyId, agencyId), unanswered, gt(agencyInvitations.expiresAt, now)))
    .orderBy(asc(agencyInvitations.createdAt), asc(agencyInvitations.id));
}

/** A coordinator takes an invitation back before it is answered; its links stop working. */
export async function withdrawAgencyInvitation(
  viewer: Viewer,
  agencyId: number,
  invitationId: number,
  now = new Date(),
) {
  ensure(canManageAgencyMembers(viewer, agencyId));
  await db().transaction(async (tx) => {
    const [withdrawn] = await tx
      .update(agencyInvitations)
      .set({ withdrawnAt: now })
      .where(
        and(
          eq(agencyInvitations.id, invitationId),
          eq(agencyInvitations.agencyId, agencyId),
          unanswered,
          gt(agencyInvitations.expiresAt, now),
        ),
      )
      .returning({
        email: agencyInvitations.email,
        role: agencyInvitations.role,
        accountTokenId: agencyInvitations.accountTokenId,
      });
    if (!withdrawn) throw notFound("That invitation is no longer waiting for an answer.");
    if (withdrawn.accountTokenId) {
      await tx
        .update(userTokens)
        .set({ usedAt: now })
        .where(and(eq(userTokens.id, withdrawn.accountTokenId), isNull(userTokens.usedAt)));
    }
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: "agency_invitation.withdrawn",
      entityType: "agency_invitation",
      entityId: invitationId,
      agencyId,
      before: { email: withdrawn.email, role: withdrawn.role },
    });
  });
}

// ---------------------------------------------------------------- the invited person's side

const PROBLEM = {
  missing: "This invitation link is not valid. Check you copied the whole link from the e-mail.",
  accepted: "You have already accepted this invitation.",
  declined:
    "You declined this invitation. Ask the team's coordinator to invite you again if you change your mind.",
  withdrawn: "This invitation has been withdrawn by the team's coordinator.",
  expired: "This invitation has expired. Ask the team's coordinator to invite you again.",
  wrong_account:
    "This invitation was sent to someone else's account. Sign out, then open the link again and sign in as the person it was sent to.",
  deactivated: "This account has been deactivated, so it cannot join a team.",
} as const;

export class AgencyInvitationProblem extends DomainError {
  constructor(public readonly reason: keyof typeof PROBLEM) {
    super(reason === "wrong_account" ? "forbidden" : "invalid", PROBLEM[reason]);
  }
}

async function findInvitation(executor: Executor, token: string, lock: boolean) {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new AgencyInvitationProblem("missing");
  const query = executor
    .select({
      id: agencyInvitations.id,
      agencyId: agencyInvitations.agencyId,
      agencyName: agencies.name,
      userId: agencyInvitations.userId,
      role: agencyInvitations.role,
      expiresAt: agencyInvitations.expiresAt,
      acceptedAt: agencyInvitations.acceptedAt,
      declinedAt: agencyInvitations.declinedAt,
      withdrawnAt: agencyInvitations.withdrawnAt,
      inviterName: users.name,
    })
    .from(agencyInvitations)
    .innerJoin(agencies, eq(agencies.id, agencyInvitations.agencyId))
    .leftJoin(users, eq(users.id, agencyInvitations.invitedByUserId))
    .where(eq(agencyInvitations.tokenHash, sha256(token)))
    .limit(1);
  const [row] = lock ? await query.for("update", { of: agencyInvitations }) : await query;
  if (!row) throw new AgencyInvitationProblem("missing");
  return row;
}

function refuseUnlessOpen(
  row: Awaited<ReturnType<typeof findInvitation>>,
  viewer: Viewer,
  active: boolean,
  now: Date,
) {
  // Who may act comes first: another account learns nothing about the invitation's state.
  if (row.userId !== viewer.userId) throw new AgencyInvitationProblem("wrong_account");
  if (!active) throw new AgencyInvitationProblem("deactivated");
  if (row.acceptedAt) throw new AgencyInvitationProblem("accepted");
  if (row.declinedAt) throw new AgencyInvitationProblem("declined");
  if (row.withdrawnAt) throw new AgencyInvitationProblem("withdrawn");
  if (row.expiresAt <= now) throw new AgencyInvitationProblem("expired");
}

async function isActive(executor: Executor, userId: number) {
  const [user] = await executor.select({ active: users.active }).from(users).where(eq(users.id, userId));
  return user?.active === true;
}

/** What the invitation page shows the signed-in person, or AgencyInvitationProblem. */
export async function describeAgencyInvitation(viewer: Viewer, token: string, now = new Date()) {
  const row = await findInvitation(db(), token, false);
  refuseUnlessOpen(row, viewer, await isActive(db(), viewer.userId), now);
  return {
    agencyName: row.agencyName,
    role: row.role,
    inviterName: row.inviterName,
    expiresAt: row.expiresAt,
  };
}

/** The invited person accepts (joining with the invited role) or declines. Single use. */
export async function answerAgencyInvitation(
  viewer: Viewer,
  token: string,
  answer: "accept" | "decline",
  options: { now?: Date; address?: string | null } = {},
): Promise<{ agencyId: number; agencyName: string; role: MembershipRole }> {
  const now = options.now ?? new Date();
  return db().transaction(async (tx) => {
    const row = await findInvitation(tx, token, true);
    refuseUnlessOpen(row, viewer, await isActive(tx, viewer.userId), now);
    await tx
      .update(agencyInvitations)
      .set(answer === "accept" ? { acceptedAt: now } : { declinedAt: now })
      .where(eq(agencyInvitations.id, row.id));
    if (answer === "accept") {
      // Already in the team (added by an administrator meanwhile): the membership stays as it is.
      await tx
        .insert(agencyMemberships)
        .values({ userId: row.userId, agencyId: row.agencyId, role: row.role, createdAt: now })
        .onConflictDoNothing();
    }
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: answer === "accept" ? "agency_invitation.accepted" : "agency_invitation.declined",
      entityType: "agency_invitation",
      entityId: row.id,
      agencyId: row.agencyId,
      after: answer === "accept" ? { agencyId: row.agencyId, role: row.role } : null,
      address: options.address ?? null,
    });
    return { agencyId: row.agencyId, agencyName: row.agencyName, role: row.role };
  });
}

/**
 * Called when someone sets their password from an invitation link (inside that
 * transaction): the team invitations that came with that link are accepted.
 * Other team invitations still waiting for this person came with set-password
 * links that die now, so each gets a fresh "join the team?" e-mail instead.
 */
export async function settleInvitationsOnPasswordSet(
  tx: Executor,
  input: { userId: number; accountTokenId: number; now: Date; baseUrl?: string; address?: string | null },
) {
  const { userId, now } = input;
  const accepted = await tx
    .update(agencyInvitations)
    .set({ acceptedAt: now })
    .where(
      and(
        eq(agencyInvitations.userId, userId),
        eq(agencyInvitations.accountTokenId, input.accountTokenId),
        unanswered,
        gt(agencyInvitations.expiresAt, now),
      ),
    )
    .returning({
      id: agencyInvitations.id,
      agencyId: agencyInvitations.agencyId,
      role: agencyInvitations.role,
    });
  for (const invitation of accepted) {
    await tx
      .insert(agencyMemberships)
      .values({ userId, agencyId: invitation.agencyId, role: invitation.role, createdAt: now })
      .onConflictDoNothing();
    await recordAudit(tx, {
      actorUserId: userId,
      action: "agency_invitation.accepted",
      entityType: "agency_invitation",
      entityId: invitation.id,
      agencyId: invitation.agencyId,
      after: { agencyId: invitation.agencyId, role: invitation.role },
      address: input.address ?? null,
    });
  }
  if (!input.baseUrl) return;
  const others = await tx
    .select({
      id: agencyInvitations.id,
      role: agencyInvitations.role,
      expiresAt: agencyInvitations.expiresAt,
      agencyName: agencies.name,
      inviterName: users.name,
    })
    .from(agencyInvitations)
    .innerJoin(agencies, eq(agencies.id, agencyInvitations.agencyId))
    .leftJoin(users, eq(users.id, agencyInvitations.invitedByUserId))
    .where(
      and(
        eq(agencyInvitations.userId, userId),
        ne(agencyInvitations.accountTokenId, input.accountTokenId),
        unanswered,
        gt(agencyInvitations.expiresAt, now),
      ),
    );
  if (!others.length) return;
  const [person] = await tx
    .select({ email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, userId));
  for (const other of others) {
    const token = newToken();
    await tx
      .update(agencyInvitations)
      .set({ tokenHash: sha256(token), accountTokenId: null })
      .where(eq(agencyInvitations.id, other.id));
    await enqueueEmail(tx, {
      to: person.email,
      ...agencyInvitationEmail({
        name: person.name,
        inviterName: other.inviterName ?? "A coordinator",
        agencyName: other.agencyName,
        role: other.role,
        url: `${trimSlash(input.baseUrl)}${agencyInvitationPath(token)}`,
        days: Math.max(1, Math.ceil((other.expiresAt.getTime() - now.getTime()) / DAY_MS)),
      }),
    });
  }
}
