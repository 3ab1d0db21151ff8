// To the chairs of the assembly: an agency declined a task, with its reason.
import { A, P, Quote, renderEmail } from "./layout";

export function taskDeclinedEmail(input: {
  chairName: string;
  agencyName: string;
  taskTitle: string;
  priorityTitle: string;
  reason: string;
  suggestedAgencyName: string | null;
  taskUrl: string;
}) {
  return renderEmail(
    `Task declined by ${input.agencyName}: ${input.taskTitle}`,
    <>
      <P>Dear {input.chairName},</P>
      <P>
        <strong>{input.agencyName}</strong> has declined the task “{input.taskTitle}” on the priority “
        {input.priorityTitle}”.
      </P>
      <P>Their reason:</P>
      <Quote>{input.reason}</Quote>
      <P>
        {input.suggestedAgencyName
          ? `They suggest asking ${input.suggestedAgencyName} instead.`
          : "They did not suggest another agency."}
      </P>
      <P>
        <A href={input.taskUrl}>Decide what happens next</A> (offer it to another agency, or withdraw it).
      </P>
    </>,
  );
}
