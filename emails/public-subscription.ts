// E-mails to members of the public who follow a neighbourhood or a priority:
// the confirmation (double opt-in) and the daily digest. Everything in them
// comes from the publication filter; the subscriber's address is only the
// envelope recipient, never part of the text.
import { toIsoDate } from "~/domain/deadlines";
import { pastPublicStatus } from "~/domain/public-status";
import type { PublicPriority, PublicUpdate } from "~/domain/publication";
import { dayInWords, escapeHtml, figureInWords } from "~/domain/words";

/** The plain page every e-mail to the public is written in. */
export const page = (body: string) =>
  `<!doctype html><html lang="en-GB"><body style="font-family: Arial, sans-serif; color: #0b0c0c; max-width: 40em;">${body}</body></html>`;

export function subscriptionConfirmationEmail(input: {
  targetName: string;
  confirmUrl: string;
  expiresInDays: number;
}) {
  const subject = `Confirm: updates about ${input.targetName}`;
  const text = [
    `Someone (we hope you) asked to get e-mail updates about ${input.targetName} from One Dialogue.`,
    "",
    "To start getting them, confirm here:",
    input.confirmUrl,
    "",
    `The link works for ${input.expiresInDays} days. If you did not ask for this, ignore this e-mail: you will get nothing more from us.`,
    "",
    "One Dialogue — you said, we did",
  ].join("\n");
  const html =
    page(`<p>Someone (we hope you) asked to get e-mail updates about <strong>${escapeHtml(input.targetName)}</strong> from One Dialogue.</p>
<p><a href="${escapeHtml(input.confirmUrl)}">Confirm and start getting updates</a></p>
<p>The link works for ${input.expiresInDays} days. If you did not ask for this, ignore this e-mail: you will get nothing more from us.</p>
<p>One Dialogue — you said, we did</p>`);
  return { subject, text, html };
}

export type DigestContent = {
  targetName: string;
  updates: PublicUpdate[];
  newPriorities: PublicPriority[];
  closedPriorities: PublicPriority[];
  priorityUrl: (priorityId: number) => string;
  pageUrl: string;
  unsubscribeUrl: string;
};

export function subscriptionDigestEmail(input: DigestContent) {
  const count = input.updates.length + input.newPriorities.length + input.closedPriorities.length;
  const subject = `${input.targetName}: ${count === 1 ? "1 new update" : `${count} new updates`}`;
  const lines: string[] = [`News about ${input.targetName}:`, ""];
  const html: string[] = [`<h1 style="font-size: 1.4em;">News about ${escapeHtml(input.targetName)}</h1>`];

  if (input.newPriorities.length) {
    lines.push("NEW PRIORITIES");
    html.push("<h2>New priorities</h2>");
    for (const p of input.newPriorities) {
      lines.push(`- ${p.title}`, `  You said: ${p.youSaid}`, `  ${input.priorityUrl(p.id)}`, "");
      html.push(
        `<p><a href="${escapeHtml(input.priorityUrl(p.id))}"><strong>${escapeHtml(p.title)}</strong></a><br>You said: ${escapeHtml(p.youSaid)}</p>`,
      );
    }
  }
  if (input.closedPriorities.length) {
    lines.push("CLOSED");
    html.push("<h2>Closed</h2>");
    for (const p of input.closedPriorities) {
      const status = pastPublicStatus(p, toIsoDate(p.closedAt ?? p.updatedAt));
      const how = [status.label, status.ending].filter(Boolean).join(". ");
      lines.push(`- ${p.title}: ${how}`, `  ${input.priorityUrl(p.id)}`, "");
      html.push(
        `<p><a href="${escapeHtml(input.priorityUrl(p.id))}"><strong>${escapeHtml(p.title)}</strong></a><br>${escapeHtml(how)}</p>`,
      );
    }
  }
  if (input.updates.length) {
    lines.push("WHAT WAS DONE");
    html.push("<h2>What was done</h2>");
    for (const u of input.updates) {
      const figures = u.figures.map(figureInWords);
      lines.push(
        `- ${u.priorityTitle} — ${u.agencyName}, ${dayInWords(u.createdAt)}`,
        `  ${u.body}`,
        ...figures.map((f) => `  * ${f}`),
        `  ${input.priorityUrl(u.priorityId)}`,
        "",
      );
      html.push(
        `<p><a href="${escapeHtml(input.priorityUrl(u.priorityId))}"><strong>${escapeHtml(u.priorityTitle)}</strong></a><br>${escapeHtml(u.agencyName)}, ${escapeHtml(dayInWords(u.createdAt))}</p><p>${escapeHtml(u.body)}</p>${
          figures.length ? `<ul>${figures.map((f) => `<li>${escapeHtml(f)}</li>`).join("")}</ul>` : ""
        }`,
      );
    }
  }
  lines.push(
    `See everything: ${input.pageUrl}`,
    "",
    `You get this because you asked for updates about ${input.targetName}. To stop them, open this link and press Unsubscribe:`,
    input.unsubscribeUrl,
  );
  html.push(
    `<p><a href="${escapeHtml(input.pageUrl)}">See everything about ${escapeHtml(input.targetName)}</a></p>`,
    `<p style="font-size: 0.9em;">You get this because you asked for updates about ${escapeHtml(input.targetName)}. <a href="${escapeHtml(input.unsubscribeUrl)}">Unsubscribe</a> (the page it opens has the button).</p>`,
  );
  return { subject, text: lines.join("\n"), html: page(html.join("\n")) };
}
