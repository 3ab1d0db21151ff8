// To an agency's task inbox and its coordinators: the chair offered the agency a task.
import { escapeHtml, isoDateInWords } from "~/domain/words";

export function taskOfferedEmail(input: {
  agencyName: string;
  assemblyName: string;
  neighbourhoodName: string;
  priorityTitle: string;
  taskTitle: string;
  ask: string;
  acknowledgeBy: string;
  actionPlanDueBy: string;
  dueDate: string;
  partnersOnly: boolean;
  chairName: string;
  taskUrl: string;
  /** Set when nobody at the agency has an account: the administrators who can invite them. */
  askForAccess?: string[] | null;
}) {
  const subject = `New task for ${input.agencyName}: ${input.taskTitle}`;
  const confidentiality = input.partnersOnly
    ? "This task is partners-only: it is not shown on public pages."
    : "This task is shown on the public page of the priority once it is offered.";
  const administrators = input.askForAccess?.length ? input.askForAccess : null;
  const accessSubject = `An account on One Dialogue for ${input.agencyName}`;
  const accessLink = administrators
    ? `mailto:${administrators.join(",")}?subject=${encodeURIComponent(accessSubject)}`
    : null;
  const noAccount = administrators
    ? `Nobody at ${input.agencyName} has an account on One Dialogue yet, so the task cannot be opened until someone has one. Ask the administrator for an invitation: ${administrators.join(", ")}.`
    : null;
  const text = [
    `${input.chairName}, chair of ${input.assemblyName}, has offered ${input.agencyName} a task for the priority “${input.priorityTitle}” in ${input.neighbourhoodName}.`,
    "",
    `Task: ${input.taskTitle}`,
    `What is asked: ${input.ask}`,
    "",
    `Please accept or decline it by ${isoDateInWords(input.acknowledgeBy)}.`,
    `Action plan due by ${isoDateInWords(input.actionPlanDueBy)}.`,
    `Work due by ${isoDateInWords(input.dueDate)}.`,
    confidentiality,
    "",
    ...(noAccount ? [noAccount, `Ask for an invitation: ${accessLink}`, ""] : []),
    `Open the task: ${input.taskUrl}`,
    "",
    "One Dialogue",
  ].join("\n");
  const html = `<!doctype html><html lang="en-GB"><body style="font-family: Arial, sans-serif; color: #0b0c0c;">
<p>${escapeHtml(input.chairName)}, chair of ${escapeHtml(input.assemblyName)}, has offered ${escapeHtml(input.agencyName)} a task for the priority “${escapeHtml(input.priorityTitle)}” in ${escapeHtml(input.neighbourhoodName)}.</p>
<h1 style="font-size: 1.25rem;">${escapeHtml(input.taskTitle)}</h1>
<p>${escapeHtml(input.ask)}</p>
<ul>
<li>Accept or decline by <strong>${escapeHtml(isoDateInWords(input.acknowledgeBy))}</strong></li>
<li>Action plan due by ${escapeHtml(isoDateInWords(input.actionPlanDueBy))}</li>
<li>Work due by ${escapeHtml(isoDateInWords(input.dueDate))}</li>
</ul>
<p>${escapeHtml(confidentiality)}</p>
${noAccount && accessLink ? `<p>${escapeHtml(noAccount)}</p>\n<p><a href="${escapeHtml(accessLink)}">Ask for an invitation</a></p>\n` : ""}<p><a href="${escapeHtml(input.taskUrl)}">Open the task</a></p>
<p>One Dialogue</p>
</body></html>`;
  return { subject, html, text };
}
