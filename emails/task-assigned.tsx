// To a partner: a coordinator gave them a task (or they were named on accepting it).
import { isoDateInWords } from "~/domain/core/words";
import { A, P, renderEmail } from "./layout";

export function taskAssignedEmail(input: {
  name: string;
  assignedBy: string;
  taskTitle: string;
  priorityTitle: string;
  dueDate: string;
  taskUrl: string;
}) {
  return renderEmail(
    `Task for you: ${input.taskTitle}`,
    <>
      <P>Dear {input.name},</P>
      <P>
        {input.assignedBy} has given you the task “{input.taskTitle}” on the priority “{input.priorityTitle}”.
        It is due by {isoDateInWords(input.dueDate)}.
      </P>
      <P>
        <A href={input.taskUrl}>Open the task</A>
      </P>
    </>,
  );
}
