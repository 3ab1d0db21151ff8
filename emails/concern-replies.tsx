// E-mails to a resident who raised a concern and gave an address: the
// acknowledgement with its reference, and the one e-mail saying what the chair
// decided. They carry only public text (the moderated wording, the decision,
// an agency's public name and contact), never the resident's own wording or
// details, so an address typed by mistake learns nothing private.
import type { ReactNode } from "react";
import { A, P, Quote, renderEmail } from "./layout";

function ToTheResident({ children }: { children: ReactNode }) {
  return (
    <>
      {children}
      <P small>
        You get this e-mail because this address was given when the concern was raised. We use it only to tell
        you about this concern.
      </P>
    </>
  );
}

export function concernAcknowledgementEmail(input: {
  neighbourhoodName: string;
  reference: string;
  concernUrl: string;
}) {
  return renderEmail(
    `Your concern about ${input.neighbourhoodName}: reference ${input.reference}`,
    <ToTheResident>
      <P>Thank you for telling us about a problem in {input.neighbourhoodName}.</P>
      <P>
        Your reference is {input.reference}. Keep it: with it you can see what happens to your concern, and
        quote it if you contact the meeting.
      </P>
      <P>
        <A href={input.concernUrl}>See your concern</A>
      </P>
      <P>
        The chair of the {input.neighbourhoodName} meeting reads every concern. They decide whether to make it
        a neighbourhood priority, answer it, or pass it to the service that deals with it. We will e-mail you
        once when they have decided.
      </P>
    </ToTheResident>,
  );
}

export type DecisionDetails =
  | { status: "adopted"; priorityTitle: string; priorityUrl: string; followUrl: string }
  | { status: "answered"; answer: string }
  | { status: "referred"; agencyName: string; agencyContact: string }
  | { status: "not_adopted"; reason: string };

function Decision({ neighbourhoodName, decision }: { neighbourhoodName: string; decision: DecisionDetails }) {
  switch (decision.status) {
    case "adopted":
      return (
        <>
          <P>
            The {neighbourhoodName} meeting has made it a neighbourhood priority: “{decision.priorityTitle}”.
            The agencies working on it report what they do on the priority’s page.
          </P>
          <P>
            <A href={decision.priorityUrl}>See the priority “{decision.priorityTitle}”</A>
          </P>
          <P>
            <A href={decision.followUrl}>Follow this priority by e-mail (one click, no account needed)</A>
          </P>
        </>
      );
    case "answered":
      return (
        <>
          <P>It was answered at the {neighbourhoodName} meeting. The answer given was:</P>
          <Quote>{decision.answer}</Quote>
        </>
      );
    case "referred":
      return (
        <>
          <P>
            It is something {decision.agencyName} deals with as part of their usual work, so the chair has
            passed it to them.
          </P>
          <P>
            {decision.agencyContact
              ? `To contact ${decision.agencyName}: ${decision.agencyContact}`
              : `You can also contact ${decision.agencyName} directly.`}
          </P>
        </>
      );
    case "not_adopted":
      return (
        <>
          <P>
            The {neighbourhoodName} meeting decided not to make it a neighbourhood priority. The reason given
            was:
          </P>
          <Quote>{decision.reason}</Quote>
        </>
      );
  }
}

export function concernDecisionEmail(input: {
  neighbourhoodName: string;
  reference: string;
  publicWording: string;
  concernUrl: string;
  decision: DecisionDetails;
}) {
  return renderEmail(
    `What happened to your concern about ${input.neighbourhoodName} (${input.reference})`,
    <ToTheResident>
      <P>
        The chair has decided what happens to your concern {input.reference}, published as: “
        {input.publicWording}”
      </P>
      <Decision neighbourhoodName={input.neighbourhoodName} decision={input.decision} />
      <P>
        <A href={input.concernUrl}>See your concern’s public record</A>
      </P>
    </ToTheResident>,
  );
}
