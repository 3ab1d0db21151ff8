// One concern's public record ("you said" and what became of it), as the
// neighbourhood's and a meeting's concerns pages and the reference lookup show it.
import { Link } from "@remix-run/react";
import { CONCERN_OUTCOME_LABEL } from "~/domain/concerns/concern-outcomes";
import type { PublicConcern } from "~/domain/concerns/public-concerns";
import { TextField } from "./forms";
import { StatusTag, When } from "./public-feedback";

type Serialised = Omit<PublicConcern, "raisedAt"> & { raisedAt: Date | string };

function Outcome({ concern }: { concern: Serialised }) {
  const outcome = concern.outcome;
  const base = `/neighbourhoods/${concern.neighbourhood.slug}`;
  switch (outcome.status) {
    case "adopted":
      return outcome.priorities.length ? (
        <p className="mb-1">
          Priority:{" "}
          {outcome.priorities.map((priority, index) => (
            <span key={priority.id}>
              {index > 0 ? ", " : ""}
              <Link to={`${base}/priorities/${priority.id}`}>{priority.title}</Link>
            </span>
          ))}
        </p>
      ) : null;
    case "answered":
      return <p className="mb-1">The answer given: {outcome.answer}</p>;
    case "referred":
      return <p className="mb-1">Passed to {outcome.agencyName} to deal with as part of their usual work.</p>;
    case "not_adopted":
      return <p className="mb-1">Why: {outcome.reason}</p>;
    default:
      return null;
  }
}

export function ConcernRecord({ concern, headingLevel = 3 }: { concern: Serialised; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <>
      <Heading className="mt-0 text-lg">You said: “{concern.publicWording}”</Heading>
      <p className="mb-1 text-muted">
        {concern.location ? `${concern.location} · ` : ""}
        {concern.source === "online" ? "Raised online" : "Raised at a meeting"} on{" "}
        <When at={concern.raisedAt} />
        {concern.meeting ? (
          <>
            {" "}
            (<Link to={`/meetings/${concern.meeting.id}`}>{concern.meeting.title}</Link>)
          </>
        ) : null}
      </p>
      <p className="mb-1">
        <StatusTag label={CONCERN_OUTCOME_LABEL[concern.outcome.status]} />
      </p>
      <Outcome concern={concern} />
    </>
  );
}

export function ConcernList({ concerns, label }: { concerns: Serialised[]; label: string }) {
  return (
    <ul aria-label={label} className="space-y-6">
      {concerns.map((concern) => (
        <li key={concern.id} className="border-l-4 border-brand pl-4">
          <ConcernRecord concern={concern} />
        </li>
      ))}
    </ul>
  );
}

export const REFERENCE_LABELS = { reference: "Your reference" };

/** Look a concern up by its reference: a plain GET form, so it works without JavaScript. */
export function ReferenceForm({
  typed = "",
  errors,
  heading = true,
}: {
  typed?: string;
  errors?: Record<string, string[] | undefined>;
  heading?: boolean;
}) {
  return (
    <section aria-labelledby={heading ? "find-concern-heading" : undefined} className="no-print mt-8">
      {heading ? <h2 id="find-concern-heading">Find your concern</h2> : null}
      <form method="get" action="/concerns" noValidate>
        <TextField
          name="reference"
          label={REFERENCE_LABELS.reference}
          hint="It starts RC-, like RC-7K3Q-9XMP. You were given it when you raised the concern."
          errors={errors}
          defaultValue={typed}
          autoComplete="off"
        />
        <button type="submit" className="button">
          Find it
        </button>
      </form>
    </section>
  );
}
