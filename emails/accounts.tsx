// E-mails about staff accounts: an invitation to set a password, an
// invitation to join an agency's team, a password-reset link, and the roles
// someone who already has an account was given.
import { Fragment } from "react";
import { A, P, renderEmail } from "./layout";

const ROLE_WORDS = { member: "a member", coordinator: "a coordinator" } as const;

export function invitationEmail(input: {
  name: string;
  inviterName: string;
  url: string;
  days: number;
  /** When the invitation is to join an agency's team. */
  agency?: { name: string; role: "member" | "coordinator" };
}) {
  const subject = input.agency
    ? `You have been invited to join ${input.agency.name} on One Dialogue`
    : "You have been invited to One Dialogue";
  const invited = input.agency
    ? `has invited you to join ${input.agency.name} as ${ROLE_WORDS[input.agency.role]} on One Dialogue`
    : "has invited you to One Dialogue";
  return {
    template: "invitation",
    ...renderEmail(
      subject,
      <>
        <P>Dear {input.name},</P>
        <P>
          {input.inviterName} {invited}, where partners and community chairs work neighbourhood priorities
          together.
        </P>
        <P>
          <A href={input.url}>Choose your password</A>
        </P>
        <P>The link works once, for {input.days} days. If you were not expecting this, ignore this e-mail.</P>
      </>,
    ),
  };
}

/** To someone who already has an account: join an agency's team, if they agree. */
export function agencyInvitationEmail(input: {
  name: string;
  inviterName: string;
  agencyName: string;
  role: "member" | "coordinator";
  url: string;
  days: number;
}) {
  return {
    template: "agency_invitation",
    ...renderEmail(
      `Join ${input.agencyName} on One Dialogue?`,
      <>
        <P>Dear {input.name},</P>
        <P>
          {input.inviterName} has invited you to join {input.agencyName} as {ROLE_WORDS[input.role]} on One
          Dialogue.
        </P>
        <P>You are not in the team until you accept.</P>
        <P>
          <A href={input.url}>Accept or decline the invitation</A>
        </P>
        <P>
          The link works once, for {input.days} days. If you were not expecting this, decline it or ignore
          this e-mail.
        </P>
      </>,
    ),
  };
}

export function passwordResetEmail(input: { name: string; url: string; hours: number }) {
  return {
    template: "password_reset",
    ...renderEmail(
      "Reset your One Dialogue password",
      <>
        <P>Dear {input.name},</P>
        <P>Someone (we hope you) asked to reset your One Dialogue password.</P>
        <P>
          <A href={input.url}>Choose a new password</A>
        </P>
        <P>
          The link works once, for {input.hours} hours. If you did not ask, ignore this e-mail: your password
          stays as it is.
        </P>
      </>,
    ),
  };
}

/** A role someone was given on an account they already have, with where to use it. */
export type RoleGiven =
  | { kind: "joined" | "role"; agencyName: string; role: keyof typeof ROLE_WORDS; url: string }
  | { kind: "chair"; assemblyName: string; url: string };

/** What the role lets them do (after "{who} has "), its link's words, the subject. */
function described(r: RoleGiven): { sentence: string; link: string; subject: string } {
  switch (r.kind) {
    case "joined":
      return {
        sentence: `added you to ${r.agencyName} as ${ROLE_WORDS[r.role]}. Tasks offered to ${r.agencyName} now reach you, and you can accept and update them.`,
        link: `Open ${r.agencyName}'s tasks`,
        subject: `You have been added to ${r.agencyName} on One Dialogue`,
      };
    case "role":
      return r.role === "coordinator"
        ? {
            sentence: `made you a coordinator of ${r.agencyName}. You can now invite people to its team and give its tasks to its members.`,
            link: `Open ${r.agencyName}'s team`,
            subject: `You are now a coordinator of ${r.agencyName} on One Dialogue`,
          }
        : {
            sentence: `made you a member of ${r.agencyName}, no longer one of its coordinators. Its tasks still reach you.`,
            link: `Open ${r.agencyName}'s tasks`,
            subject: `You are now a member of ${r.agencyName} on One Dialogue`,
          };
    case "chair":
      return {
        sentence: `made you a chair of ${r.assemblyName}. You can now plan and record its meetings, agree its priorities and answer residents' concerns.`,
        link: `Open ${r.assemblyName}'s workspace`,
        subject: `You are now a chair of ${r.assemblyName} on One Dialogue`,
      };
  }
}

/**
 * To someone who already has an account, when an administrator adds them to an agency's team or
 * makes them a chair, or a coordinator changes their role: what they can now do, and a link to do it.
 */
export function rolesGivenEmail(input: { name: string; byName: string; roles: RoleGiven[] }) {
  const subject =
    input.roles.length === 1 ? described(input.roles[0]).subject : "Your roles on One Dialogue have changed";
  return {
    template: "roles_given",
    ...renderEmail(
      subject,
      <>
        <P>Dear {input.name},</P>
        {input.roles.map((r) => (
          <Fragment key={r.url}>
            <P>
              {input.byName} has {described(r).sentence}
            </P>
            <P>
              <A href={r.url}>{described(r).link}</A>
            </P>
          </Fragment>
        ))}
        <P>Sign in as you always do. If you think this is a mistake, tell {input.byName}.</P>
      </>,
    ),
  };
}
