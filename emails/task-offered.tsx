// To an agency's task inbox and its coordinators: the chair offered the agency a task.
import { isoDateInWords } from "~/domain/core/words";
import { A, H1, P, renderEmail } from "./layout";

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
  const administrators = input.askForAccess?.length ? input.askForAccess : null;
  const accessSubject = `An account on One Dialogue for ${input.agencyName}`;
  return renderEmail(
    `New task for ${input.agencyName}: ${input.taskTitle}`,
    <>
      <P>
        {input.chairName}, chair of {input.assemblyName}, has offered {input.agencyName} a task for the
        priority “{input.priorityTitle}” in {input.neighbourhoodName}.
      </P>
      <H1>{input.taskTitle}</H1>
      <P>What is asked: {input.ask}</P>
      <ul>
        <li>
          Accept or decline by <strong>{isoDateInWords(input.acknowledgeBy)}</strong>
        </li>
        <li>Action plan due by {isoDateInWords(input.actionPlanDueBy)}</li>
        <li>Work due by {isoDateInWords(input.dueDate)}</li>
      </ul>
      <P>
        {input.partnersOnly
          ? "This task is partners-only: it is not shown on public pages."
          : "This task is shown on the public page of the priority once it is offered."}
      </P>
      {administrators ? (
        <>
          <P>
            Nobody at {input.agencyName} has an account on One Dialogue yet, so the task cannot be opened
            until someone has one. Ask the administrator for an invitation: {administrators.join(", ")}.
          </P>
          <P htmlOnly>
            <A href={`mailto:${administrators.join(",")}?subject=${encodeURIComponent(accessSubject)}`}>
              Ask for an invitation
            </A>
          </P>
        </>
      ) : null}
      <P>
        <A href={input.taskUrl}>Open the task</A>
      </P>
    </>,
  );
}
