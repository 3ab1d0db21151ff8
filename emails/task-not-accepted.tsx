// To the agency inbox and its coordinators: a task offered to them is past its acknowledge-by date.
import { isoDateInWords } from "~/domain/core/words";
import { A, P, renderEmail } from "./layout";

export function taskNotAcceptedEmail(input: {
  agencyName: string;
  taskTitle: string;
  priorityTitle: string;
  neighbourhoodName: string;
  acknowledgeBy: string;
  taskUrl: string;
}) {
  return renderEmail(
    `Not accepted in time: ${input.taskTitle}`,
    <>
      <P>To {input.agencyName},</P>
      <P>
        The task “{input.taskTitle}” ({input.priorityTitle}, {input.neighbourhoodName}) should have been
        accepted or declined by {isoDateInWords(input.acknowledgeBy)}. Please accept it, or decline it with a
        reason, so the chair can tell residents who is dealing with it.
      </P>
      <P>
        <A href={input.taskUrl}>Accept or decline the task</A>
      </P>
    </>,
  );
}
