// To the assignee (else the coordinators): a task is past its due date.
import { isoDateInWords } from "~/domain/core/words";
import { A, P, renderEmail } from "./layout";
import type { TaskReminderInput } from "./task-reminder";

export function taskOverdueEmail(input: TaskReminderInput) {
  const due = isoDateInWords(input.dueDate);
  return renderEmail(
    `Overdue: ${input.taskTitle}`,
    <>
      <P>Dear {input.name},</P>
      <P>
        The task “{input.taskTitle}” ({input.priorityTitle}) was due by {due} and is now shown to residents as{" "}
        <strong>overdue</strong>.
      </P>
      <P>
        <A href={input.taskUrl}>Post an update or record the outcome</A>
      </P>
    </>,
  );
}
