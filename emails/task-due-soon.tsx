// To the assignee (else the coordinators): a task is due in two working days.
import { isoDateInWords } from "~/domain/core/words";
import { A, P, renderEmail } from "./layout";
import type { TaskReminderInput } from "./task-reminder";

export function taskDueSoonEmail(input: TaskReminderInput) {
  const due = isoDateInWords(input.dueDate);
  return renderEmail(
    `Due ${due}: ${input.taskTitle}`,
    <>
      <P>Dear {input.name},</P>
      <P>
        The task “{input.taskTitle}” ({input.priorityTitle}) is due by {due}. Post an update or record the
        outcome so residents can see what was done:
      </P>
      <P>
        <A href={input.taskUrl}>Post an update or record the outcome</A>
      </P>
      <P small>
        You get this because you chose e-mails straight away. You can change that on your e-mail settings
        page.
      </P>
    </>,
  );
}
