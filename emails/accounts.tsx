// E-mails about staff accounts: an invitation to set a password, an
// invitation to join an agency's team, and a password-reset link.
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
