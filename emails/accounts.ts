// E-mails about staff accounts: an invitation to set a password, an
// invitation to join an agency's team, and a password-reset link. Plain functions returning HTML and plain text.
import { escapeHtml } from "~/domain/words";

const page = (body: string) =>
  `<!doctype html><html lang="en-GB"><body style="font-family: Arial, sans-serif; color: #0b0c0c; max-width: 40em;">${body}<p style="color:#505a5f">One Dialogue — you said, we did</p></body></html>`;

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
  const text = [
    `Dear ${input.name},`,
    "",
    `${input.inviterName} ${invited}, where partners and community chairs work neighbourhood priorities together.`,
    "",
    "Choose your password here to start:",
    input.url,
    "",
    `The link works once, for ${input.days} days. If you were not expecting this, ignore this e-mail.`,
    "",
    "One Dialogue — you said, we did",
  ].join("\n");
  const html = page(`<p>Dear ${escapeHtml(input.name)},</p>
<p>${escapeHtml(input.inviterName)} ${escapeHtml(invited)}, where partners and community chairs work neighbourhood priorities together.</p>
<p><a href="${escapeHtml(input.url)}">Choose your password</a></p>
<p>The link works once, for ${input.days} days. If you were not expecting this, ignore this e-mail.</p>`);
  return { template: "invitation", subject, text, html };
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
  const subject = `Join ${input.agencyName} on One Dialogue?`;
  const invited = `${input.inviterName} has invited you to join ${input.agencyName} as ${ROLE_WORDS[input.role]} on One Dialogue.`;
  const text = [
    `Dear ${input.name},`,
    "",
    invited,
    "You are not in the team until you accept. Sign in and accept or decline here:",
    input.url,
    "",
    `The link works once, for ${input.days} days. If you were not expecting this, decline it or ignore this e-mail.`,
    "",
    "One Dialogue — you said, we did",
  ].join("\n");
  const html = page(`<p>Dear ${escapeHtml(input.name)},</p>
<p>${escapeHtml(invited)}</p>
<p>You are not in the team until you accept.</p>
<p><a href="${escapeHtml(input.url)}">Accept or decline the invitation</a></p>
<p>The link works once, for ${input.days} days. If you were not expecting this, decline it or ignore this e-mail.</p>`);
  return { template: "agency_invitation", subject, text, html };
}

export function passwordResetEmail(input: { name: string; url: string; hours: number }) {
  const subject = "Reset your One Dialogue password";
  const text = [
    `Dear ${input.name},`,
    "",
    "Someone (we hope you) asked to reset your One Dialogue password. Choose a new one here:",
    input.url,
    "",
    `The link works once, for ${input.hours} hours. If you did not ask, ignore this e-mail: your password stays as it is.`,
    "",
    "One Dialogue — you said, we did",
  ].join("\n");
  const html = page(`<p>Dear ${escapeHtml(input.name)},</p>
<p>Someone (we hope you) asked to reset your One Dialogue password.</p>
<p><a href="${escapeHtml(input.url)}">Choose a new password</a></p>
<p>The link works once, for ${input.hours} hours. If you did not ask, ignore this e-mail: your password stays as it is.</p>`);
  return { template: "password_reset", subject, text, html };
}
