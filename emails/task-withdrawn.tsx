// To an agency's task inbox and its coordinators: the chair withdrew a task.
import { A, P, Quote, renderEmail } from "./layout";

export function taskWithdrawnEmail(input: {
  agencyName: string;
  assemblyName: string;
  priorityTitle: string;
  taskTitle: string;
  reason: string;
  taskUrl: string;
}) {
  return renderEmail(
    `Task withdrawn: ${input.taskTitle}`,
    <>
      <P>
        The chair of {input.assemblyName} has withdrawn the task “{input.taskTitle}” offered to{" "}
        {input.agencyName} for the priority “{input.priorityTitle}”.
      </P>
      <P>Reason:</P>
      <Quote>{input.reason}</Quote>
      <P>No further work is needed on it.</P>
      <P>
        <A href={input.taskUrl}>See the task</A>
      </P>
    </>,
  );
}
