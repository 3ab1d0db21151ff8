// To the agency inbox and its coordinators: a task offered to them is past its acknowledge-by date.
import { escapeHtml, isoDateInWords } from "~/domain/words";

export function taskNotAcceptedEmail(input: {
  agencyName: string;
  taskTitle: string;
  priorityTitle: string;
  neighbourhoodName: string;
  acknowledgeBy: string;
  taskUrl: string;
}) {
  const by = isoDateInWords(input.acknowledgeBy);
  const subject = `Not accepted in time: ${input.taskTitle}`;
  const text = [
    `To ${input.agencyName},`,
    "",
    `The task “${input.taskTitle}” (${input.priorityTitle}, ${input.neighbourhoodName}) should have been accepted or declined by ${by}.`,
    "Please accept it, or decline it with a reason, so the chair can tell residents who is dealing with it:",
    input.taskUrl,
    "",
    "One Dialogue",
  ].join("\n");
  const html = `<!doctype html><html lang="en-GB"><body style="font-family: Arial, sans-serif; color: #0b0c0c;">
<p>To ${escapeHtml(input.agencyName)},</p>
<p>The task “${escapeHtml(input.taskTitle)}” (${escapeHtml(input.priorityTitle)}, ${escapeHtml(input.neighbourhoodName)}) should have been accepted or declined by ${escapeHtml(by)}.</p>
<p><a href="${escapeHtml(input.taskUrl)}">Accept or decline the task</a>, so the chair can tell residents who is dealing with it.</p>
<p>One Dialogue</p>
</body></html>`;
  return { subject, html, text };
}
