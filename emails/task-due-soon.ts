// To the assignee (else the coordinators): a task is due in two working days.
import { escapeHtml, isoDateInWords } from "~/domain/words";

export function taskDueSoonEmail(input: {
  name: string;
  taskTitle: string;
  priorityTitle: string;
  dueDate: string;
  taskUrl: string;
}) {
  const due = isoDateInWords(input.dueDate);
  const subject = `Due ${due}: ${input.taskTitle}`;
  const text = [
    `Dear ${input.name},`,
    "",
    `The task “${input.taskTitle}” (${input.priorityTitle}) is due by ${due}.`,
    "Post an update or record the outcome so residents can see what was done:",
    input.taskUrl,
    "",
    "You get this because you chose e-mails straight away. You can change that on your e-mail settings page.",
    "",
    "One Dialogue",
  ].join("\n");
  const html = `<!doctype html><html lang="en-GB"><body style="font-family: Arial, sans-serif; color: #0b0c0c;">
<p>Dear ${escapeHtml(input.name)},</p>
<p>The task “${escapeHtml(input.taskTitle)}” (${escapeHtml(input.priorityTitle)}) is due by ${escapeHtml(due)}.</p>
<p><a href="${escapeHtml(input.taskUrl)}">Post an update or record the outcome</a> so residents can see what was done.</p>
<p>You get this because you chose e-mails straight away. You can change that on your e-mail settings page.</p>
<p>One Dialogue</p>
</body></html>`;
  return { subject, html, text };
}
