// Weekly, to an agency's inbox and to its members who chose a digest: new,
// overdue and due-this-week tasks.
import { escapeHtml, isoDateInWords } from "~/domain/words";

export type DigestTask = { title: string; priorityTitle: string; dueDate: string; url: string };

function section(title: string, items: DigestTask[]) {
  if (!items.length) return { text: [`${title}: none.`], html: `<h2>${escapeHtml(title)}</h2><p>None.</p>` };
  const text = [
    `${title}:`,
    ...items.map((t) => `- ${t.title} (${t.priorityTitle}), due ${isoDateInWords(t.dueDate)}: ${t.url}`),
  ];
  const html = `<h2>${escapeHtml(title)}</h2><ul>${items
    .map(
      (t) =>
        `<li><a href="${escapeHtml(t.url)}">${escapeHtml(t.title)}</a> (${escapeHtml(t.priorityTitle)}), due ${escapeHtml(isoDateInWords(t.dueDate))}</li>`,
    )
    .join("")}</ul>`;
  return { text, html };
}

export function agencyWeeklyDigestEmail(input: {
  agencyName: string;
  weekOf: string;
  fresh: DigestTask[];
  overdue: DigestTask[];
  dueThisWeek: DigestTask[];
  inboxUrl: string;
}) {
  const subject = `${input.agencyName}: your tasks for the week of ${isoDateInWords(input.weekOf)}`;
  const parts = [
    section("New tasks", input.fresh),
    section("Overdue", input.overdue),
    section("Due this week", input.dueThisWeek),
  ];
  const text = [
    `${input.agencyName} — tasks for the week of ${isoDateInWords(input.weekOf)}`,
    "",
    ...parts.flatMap((p) => [...p.text, ""]),
    `Your task inbox: ${input.inboxUrl}`,
    "",
    "One Dialogue",
  ].join("\n");
  const html = `<!doctype html><html lang="en-GB"><body style="font-family: Arial, sans-serif; color: #0b0c0c;">
<h1 style="font-size: 1.4em;">${escapeHtml(input.agencyName)} — tasks for the week of ${escapeHtml(isoDateInWords(input.weekOf))}</h1>
${parts.map((p) => p.html).join("\n")}
<p><a href="${escapeHtml(input.inboxUrl)}">Open your task inbox</a></p>
<p>One Dialogue</p>
</body></html>`;
  return { subject, html, text };
}
