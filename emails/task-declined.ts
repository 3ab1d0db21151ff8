// To the chairs of the assembly: an agency declined a task, with its reason.
import { escapeHtml } from "~/domain/words";

export function taskDeclinedEmail(input: {
  chairName: string;
  agencyName: string;
  taskTitle: string;
  priorityTitle: string;
  reason: string;
  suggestedAgencyName: string | null;
  taskUrl: string;
}) {
  const subject = `Task declined by ${input.agencyName}: ${input.taskTitle}`;
  const suggestion = input.suggestedAgencyName
    ? `They suggest asking ${input.suggestedAgencyName} instead.`
    : "They did not suggest another agency.";
  const text = [
    `Dear ${input.chairName},`,
    "",
    `${input.agencyName} has declined the task “${input.taskTitle}” on the priority “${input.priorityTitle}”.`,
    "",
    "Their reason:",
    input.reason,
    "",
    suggestion,
    "",
    "Decide what happens next (offer it to another agency, or withdraw it):",
    input.taskUrl,
    "",
    "One Dialogue",
  ].join("\n");
  const html = `<!doctype html><html lang="en-GB"><body style="font-family: Arial, sans-serif; color: #0b0c0c;">
<p>Dear ${escapeHtml(input.chairName)},</p>
<p><strong>${escapeHtml(input.agencyName)}</strong> has declined the task “${escapeHtml(input.taskTitle)}” on the priority “${escapeHtml(input.priorityTitle)}”.</p>
<p>Their reason:</p>
<blockquote style="border-left: 4px solid #b1b4b6; margin-left: 0; padding-left: 1em;">${escapeHtml(input.reason).replace(/\n/g, "<br>")}</blockquote>
<p>${escapeHtml(suggestion)}</p>
<p><a href="${escapeHtml(input.taskUrl)}">Decide what happens next</a> (offer it to another agency, or withdraw it).</p>
<p>One Dialogue</p>
</body></html>`;
  return { subject, html, text };
}
