// To the assignee (else the coordinators): a task is past its due date.
import { escapeHtml, isoDateInWords } from "~/domain/words";

export function taskOverdueEmail(input: {
  name: string;
  taskTitle: string;
  priorityTitle: string;
  dueDate: string;
  taskUrl: string;
}) {
  const due = isoDateInWords(input.dueDate);
  const subject = `Overdue: ${input.taskTitle}`;
  const text = [
    `Dear ${input.name},`,
    "",
    `The task “${input.taskTitle}” (${input.priorityTitle}) was due by ${due} and is now shown to residents as overdue.`,
    "Post an update saying where things are, or record the outcome:",
    input.taskUrl,
    "",
    "One Dialogue",
  ].join("\n");
  const html = `<!doctype html><html lang="en-GB"><body style="font-family: Arial, sans-serif; color: #0b0c0c;">
<p>Dear ${escapeHtml(input.name)},</p>
<p>The task “${escapeHtml(input.taskTitle)}” (${escapeHtml(input.priorityTitle)}) was due by ${escapeHtml(due)} and is now shown to residents as <strong>overdue</strong>.</p>
<p><a href="${escapeHtml(input.taskUrl)}">Post an update or record the outcome</a>.</p>
<p>One Dialogue</p>
</body></html>`;
  return { subject, html, text };
}
