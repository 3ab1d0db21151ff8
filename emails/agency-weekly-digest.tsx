// Weekly, to an agency's inbox and to its members who chose a digest: new,
// overdue and due-this-week tasks.
import { isoDateInWords } from "~/domain/core/words";
import { A, H1, H2, P, renderEmail } from "./layout";

export type DigestTask = { title: string; priorityTitle: string; dueDate: string; url: string };

function Section({ title, items }: { title: string; items: DigestTask[] }) {
  return (
    <>
      <H2>{title}</H2>
      {items.length ? (
        <ul>
          {items.map((t) => (
            <li key={t.url}>
              <A href={t.url}>{t.title}</A> ({t.priorityTitle}), due {isoDateInWords(t.dueDate)}
            </li>
          ))}
        </ul>
      ) : (
        <P>None.</P>
      )}
    </>
  );
}

export function agencyWeeklyDigestEmail(input: {
  agencyName: string;
  weekOf: string;
  fresh: DigestTask[];
  overdue: DigestTask[];
  dueThisWeek: DigestTask[];
  inboxUrl: string;
}) {
  const week = isoDateInWords(input.weekOf);
  return renderEmail(
    `${input.agencyName}: your tasks for the week of ${week}`,
    <>
      <H1>
        {input.agencyName} — tasks for the week of {week}
      </H1>
      <Section title="New tasks" items={input.fresh} />
      <Section title="Overdue" items={input.overdue} />
      <Section title="Due this week" items={input.dueThisWeek} />
      <P>
        <A href={input.inboxUrl}>Open your task inbox</A>
      </P>
    </>,
  );
}
