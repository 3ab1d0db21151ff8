// E-mails to members of the public who follow a neighbourhood or a priority:
// the confirmation (double opt-in) and the daily digest. Everything in them
// comes from the publication filter; the subscriber's address is only the
// envelope recipient, never part of the text.
import { toIsoDate } from "~/domain/core/deadlines";
import { dayInWords, figureInWords } from "~/domain/core/words";
import { pastPublicStatus } from "~/domain/lifecycle/public-status";
import type { PublicPriority, PublicUpdate } from "~/domain/publication";
import { A, H1, H2, P, renderEmail } from "./layout";

export function subscriptionConfirmationEmail(input: {
  targetName: string;
  confirmUrl: string;
  expiresInDays: number;
}) {
  return renderEmail(
    `Confirm: updates about ${input.targetName}`,
    <>
      <P>
        Someone (we hope you) asked to get e-mail updates about <strong>{input.targetName}</strong> from One
        Dialogue.
      </P>
      <P>
        <A href={input.confirmUrl}>Confirm and start getting updates</A>
      </P>
      <P>
        The link works for {input.expiresInDays} days. If you did not ask for this, ignore this e-mail: you
        will get nothing more from us.
      </P>
    </>,
  );
}

export type DigestContent = {
  targetName: string;
  updates: PublicUpdate[];
  newPriorities: PublicPriority[];
  closedPriorities: PublicPriority[];
  priorityUrl: (priorityId: number) => string;
  pageUrl: string;
  unsubscribeUrl: string;
};

export function subscriptionDigestEmail(input: DigestContent) {
  const count = input.updates.length + input.newPriorities.length + input.closedPriorities.length;
  return renderEmail(
    `${input.targetName}: ${count === 1 ? "1 new update" : `${count} new updates`}`,
    <>
      <H1>News about {input.targetName}</H1>
      {input.newPriorities.length ? (
        <>
          <H2>New priorities</H2>
          {input.newPriorities.map((p) => (
            <P key={p.id}>
              <A href={input.priorityUrl(p.id)}>
                <strong>{p.title}</strong>
              </A>
              <br />
              You said: {p.youSaid}
            </P>
          ))}
        </>
      ) : null}
      {input.closedPriorities.length ? (
        <>
          <H2>Closed</H2>
          {input.closedPriorities.map((p) => {
            const status = pastPublicStatus(p, toIsoDate(p.closedAt ?? p.updatedAt));
            return (
              <P key={p.id}>
                <A href={input.priorityUrl(p.id)}>
                  <strong>{p.title}</strong>
                </A>
                <br />
                {[status.label, status.ending].filter(Boolean).join(". ")}
              </P>
            );
          })}
        </>
      ) : null}
      {input.updates.length ? (
        <>
          <H2>What was done</H2>
          {input.updates.map((u) => (
            <div key={u.id}>
              <P>
                <A href={input.priorityUrl(u.priorityId)}>
                  <strong>{u.priorityTitle}</strong>
                </A>
                <br />
                {u.agencyName}, {dayInWords(u.createdAt)}
              </P>
              <P>{u.body}</P>
              {u.figures.length ? (
                <ul>
                  {u.figures.map((f) => {
                    const words = figureInWords(f);
                    return <li key={words}>{words}</li>;
                  })}
                </ul>
              ) : null}
            </div>
          ))}
        </>
      ) : null}
      <P>
        <A href={input.pageUrl}>See everything about {input.targetName}</A>
      </P>
      <P small>
        You get this because you asked for updates about {input.targetName}.{" "}
        <A href={input.unsubscribeUrl}>Unsubscribe</A> (the page it opens has the button).
      </P>
    </>,
  );
}
