// E-mails to a resident who raised a concern and gave an address: the
// acknowledgement with its reference, and the one e-mail saying what the chair
// decided. They carry only public text (the moderated wording, the decision,
// an agency's public name and contact), never the resident's own wording or
// details, so an address typed by mistake learns nothing private.
import { escapeHtml } from "~/domain/words";
import { page } from "./public-subscription";

type Block = string | { label: string; url: string };

function render(subject: string, blocks: Block[]) {
  const all: Block[] = [
    ...blocks,
    "You get this e-mail because this address was given when the concern was raised. We use it only to tell you about this concern.",
    "One Dialogue — you said, we did",
  ];
  const text = all.map((b) => (typeof b === "string" ? b : `${b.label}:\n${b.url}`)).join("\n\n");
  const html = page(
    all
      .map((b) =>
        typeof b === "string"
          ? `<p>${escapeHtml(b)}</p>`
          : `<p><a href="${escapeHtml(b.url)}">${escapeHtml(b.label)}</a></p>`,
      )
      .join("\n"),
  );
  return { subject, text, html };
}

export function concernAcknowledgementEmail(input: {
  neighbourhoodName: string;
  reference: string;
  concernUrl: string;
}) {
  return render(`Your concern about ${input.neighbourhoodName}: reference ${input.reference}`, [
    `Thank you for telling us about a problem in ${input.neighbourhoodName}.`,
    `Your reference is ${input.reference}. Keep it: with it you can see what happens to your concern, and quote it if you contact the meeting.`,
    { label: "See your concern", url: input.concernUrl },
    `The chair of the ${input.neighbourhoodName} meeting reads every concern. They decide whether to make it a neighbourhood priority, answer it, or pass it to the service that deals with it. We will e-mail you once when they have decided.`,
  ]);
}

export type DecisionDetails =
  | { status: "adopted"; priorityTitle: string; priorityUrl: string; followUrl: string }
  | { status: "answered"; answer: string }
  | { status: "referred"; agencyName: string; agencyContact: string }
  | { status: "not_adopted"; reason: string };

function decisionBlocks(neighbourhoodName: string, decision: DecisionDetails): Block[] {
  switch (decision.status) {
    case "adopted":
      return [
        `The ${neighbourhoodName} meeting has made it a neighbourhood priority: “${decision.priorityTitle}”. The agencies working on it report what they do on the priority’s page.`,
        { label: `See the priority “${decision.priorityTitle}”`, url: decision.priorityUrl },
        { label: "Follow this priority by e-mail (one click, no account needed)", url: decision.followUrl },
      ];
    case "answered":
      return [`It was answered at the ${neighbourhoodName} meeting. The answer given was:`, decision.answer];
    case "referred":
      return [
        `It is something ${decision.agencyName} deals with as part of their usual work, so the chair has passed it to them.`,
        decision.agencyContact
          ? `To contact ${decision.agencyName}: ${decision.agencyContact}`
          : `You can also contact ${decision.agencyName} directly.`,
      ];
    case "not_adopted":
      return [
        `The ${neighbourhoodName} meeting decided not to make it a neighbourhood priority. The reason given was:`,
        decision.reason,
      ];
  }
}

export function concernDecisionEmail(input: {
  neighbourhoodName: string;
  reference: string;
  publicWording: string;
  concernUrl: string;
  decision: DecisionDetails;
}) {
  return render(`What happened to your concern about ${input.neighbourhoodName} (${input.reference})`, [
    `The chair has decided what happens to your concern ${input.reference}, published as: “${input.publicWording}”`,
    ...decisionBlocks(input.neighbourhoodName, input.decision),
    { label: "See your concern’s public record", url: input.concernUrl },
  ]);
}
