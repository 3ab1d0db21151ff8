// To the chair: a meeting ended two days ago and is still not recorded as held.
import { meetingTimeInWords } from "~/domain/core/words";
import { A, P, renderEmail } from "./layout";

export function meetingUnrecordedEmail(input: {
  chairName: string;
  assemblyName: string;
  meetingTitle: string;
  startsAt: Date;
  endsAt: Date;
  venue: string;
  recordUrl: string;
}) {
  return renderEmail(
    `Please record the meeting: ${input.meetingTitle}`,
    <>
      <P>Dear {input.chairName},</P>
      <P>
        <strong>{input.meetingTitle}</strong> ({input.assemblyName}) on{" "}
        {meetingTimeInWords(input.startsAt, input.endsAt)} at {input.venue} has not been recorded yet.
      </P>
      <P>
        Residents look for the summary of what was said and agreed. Record the attendance and the public
        summary, then publish it.
      </P>
      <P>
        <A href={input.recordUrl}>Record the meeting</A>
      </P>
      <P>If the meeting did not take place, cancel it with a public reason on the same page.</P>
    </>,
  );
}
