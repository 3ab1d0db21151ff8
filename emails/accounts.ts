// E-mails about staff accounts: an invitation to set a password, and a
// password-reset link. Plain functions returning HTML and plain text.
import { escapeHtml } from "~/domain/words";

const page = (body: string) =>
  `<!doctype html><html lang="en-GB"><body style="font-family: Arial, sans-serif; color: #0b0c0c; max-width: 40em;">${body}<p style="color:#505a5f">One Dialogue — you said, we did</p></body></html>`;

export function invitationEmail(input: { name: string; inviterName: string; url: string; days: number }) {
  const subject = "You have been invited to One Dialogue";
  const text = [
    `Dear ${input.name},`,
    "",
    `${input.inviterName} has invited you to One Dialogue, where partners and community chairs work neighbourhood priorities together.`,
    "",
    "Choose your password here to start:",
    input.url,
    "",
    `The link works once, for ${input.days} days. If you were not expecting this, ignore this e-mail.`,
    "",
    "One Dialogue — you said, we did",
  ].join("\n");
  const html = page(`<p>Dear ${escapeHtml(input.name)},</p>
<p>${escapeHtml(input.inviterName)} has invited you to One Dialogue, where partners and community chairs work neighbourhood priorities together.</p>
<p><a href="${escapeHtml(input.url)}">Choose your password</a></p>
<p>The link works once, for ${input.days} days. If you were not expecting this, ignore this e-mail.</p>`);
  return { template: "invitation", subject, text, html };
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
