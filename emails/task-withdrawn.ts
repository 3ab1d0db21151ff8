// To an agency's task inbox and its coordinators: the chair withdrew a task.
import { escapeHtml } from "~/domain/words";

export function taskWithdrawnEmail(input: {
  agencyName: string;
  assemblyName: string;
  priorityTitle: string;
  taskTitle: string;
  reason: string;
  taskUrl: string;
}) {
  const subject = `Task withdrawn: ${input.taskTitle}`;
  const text = [
    `The chair of ${input.assemblyName} has withdrawn the task “${input.taskTitle}” offered to ${input.agencyName} for the priority “${input.priorityTitle}”.`,
    "",
    `Reason: ${input.reason}`,
    "",
    "No further work is needed on it.",
    input.taskUrl,
    "",
    "One Dialogue",
  ].join("\n");
  const html = `<!doctype html><html lang="en-GB"><body style="font-family: Arial, sans-serif; color: #0b0c0c;">
<p>The chair of ${escapeHtml(input.assemblyName)} has withdrawn the task “${escapeHtml(input.taskTitle)}” offered to ${escapeHtml(input.agencyName)} for the priority “${escapeHtml(input.priorityTitle)}”.</p>
<p>Reason: ${escapeHtml(input.reason)}</p>
<p>No further work is needed on it. <a href="${escapeHtml(input.taskUrl)}">See the task</a></p>
<p>One Dialogue</p>
</body></html>`;
  return { subject, html, text };
}
