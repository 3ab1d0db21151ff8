// To a partner: a coordinator gave them a task (or they were named on accepting it).
import { escapeHtml, isoDateInWords } from "~/domain/words";

export function taskAssignedEmail(input: {
  name: string;
  assignedBy: string;
  taskTitle: string;
  priorityTitle: string;
  dueDate: string;
  taskUrl: string;
}) {
  const due = isoDateInWords(input.dueDate);
  const subject = `Task for you: ${input.taskTitle}`;
  const text = [
    `Dear ${input.name},`,
    "",
    `${input.assignedBy} has given you the task “${input.taskTitle}” on the priority “${input.priorityTitle}”.`,
    `It is due by ${due}.`,
    "",
    input.taskUrl,
    "",
    "One Dialogue",
  ].join("\n");
  const html = `<!doctype html><html lang="en-GB"><body style="font-family: Arial, sans-serif; color: #0b0c0c;">
<p>Dear ${escapeHtml(input.name)},</p>
<p>${escapeHtml(input.assignedBy)} has given you the task “${escapeHtml(input.taskTitle)}” on the priority “${escapeHtml(input.priorityTitle)}”. It is due by ${escapeHtml(due)}.</p>
<p><a href="${escapeHtml(input.taskUrl)}">Open the task</a></p>
<p>One Dialogue</p>
</body></html>`;
  return { subject, html, text };
}
