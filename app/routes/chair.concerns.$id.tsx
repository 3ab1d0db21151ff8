import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ChairCrumbs, Conflict, Radios, useFailure } from "~/components/chair";
import { ErrorSummary, Select, TextArea, TextField, useReveal } from "~/components/forms";
import { StatusTag } from "~/components/public-feedback";
import { type ConcernDecision, getConcernForChair, moderateConcern } from "~/domain/concerns";
import { CONCERN_STATUS } from "~/domain/statuses";
import { timeInWords } from "~/domain/words";
import { env } from "~/env.server";
import { idParam, readOrRefuse, requireChairFor } from "~/http/chair.server";
import { moderationSchema } from "~/http/chair-forms.server";
import { badRequest, echoValues, parseFormData, readForm } from "~/http/forms.server";
import { runAction } from "~/http/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const concernId = idParam(params.id);
  const viewer = await requireChairFor(request, { concern: concernId });
  return readOrRefuse(() => getConcernForChair(viewer, concernId));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const concernId = idParam(params.id);
  const viewer = await requireChairFor(request, { concern: concernId });
  const form = await readForm(request);
  const parsed = parseFormData(form, moderationSchema);
  if (!parsed.ok) return badRequest(parsed);
  const input = parsed.data;
  const decision: ConcernDecision | undefined =
    input.decision === "adopted"
      ? { status: "adopted", priorityId: input.priorityId ?? 0 }
      : input.decision === "answered"
        ? { status: "answered", answer: input.answer ?? "" }
        : input.decision === "referred"
          ? { status: "referred", agencyId: input.agencyId ?? 0 }
          : input.decision === "not_adopted"
            ? { status: "not_adopted", reason: input.reason ?? "" }
            : undefined;
  const result = await runAction(() =>
    moderateConcern(
      viewer,
      {
        concernId,
        publicWording: input.publicWording,
        location: input.location,
        decision,
      },
      { publicUrl: env().PUBLIC_URL },
    ),
  );
  if (!("id" in result)) return data({ ...result.data, values: echoValues(form) }, result.init ?? undefined);
  throw redirect(`/chair/concerns/${concernId}?saved=1`);
}

export const meta: MetaFunction = () => [{ title: "A concern — Chair workspace — One Dialogue" }];

const LABELS = {
  publicWording: "Public wording",
  location: "Where",
  decision: "Decision",
  priorityId: "Priority it is adopted into",
  answer: "Answer given",
  agencyId: "Agency it is referred to",
  reason: "Why it is not adopted",
};

export default function ChairConcern() {
  const {
    concern,
    assemblyId,
    neighbourhood,
    meeting,
    currentPriorities,
    agencies,
    adoptedInto,
    decisionFinalAt,
    canChangeDecision,
  } = useLoaderData<typeof loader>();
  const { errors, values, message, failed } = useFailure();
  const v = (name: string, fallback = "") => (failed ? (values[name] ?? "") : fallback);
  const decided = concern.status !== "new";
  const reveal = useReveal("decision", v("decision", "none"));
  const words = concern.publicWording;
  const contact = [concern.contactName, concern.contactEmail, concern.contactPhone]
    .filter(Boolean)
    .join(", ");
  return (
    <>
      <ChairCrumbs
        items={[
          { to: `/chair/${assemblyId}/concerns`, label: "Concerns" },
          { label: words.length > 60 ? `${words.slice(0, 60).replace(/\s+\S*$/, "")}…` : words },
        ]}
      />
      <h1>A concern from {neighbourhood.name}</h1>
      <p className="text-lg">
        Reference: <strong data-testid="concern-reference">{concern.reference}</strong>{" "}
        <span className="text-muted">(the resident can look it up at /concerns/{concern.reference})</span>
      </p>
      <p>
        <StatusTag label={CONCERN_STATUS[concern.status]} />{" "}
        {concern.source === "online" ? "Raised online." : meeting ? `Raised at ${meeting.title}.` : null}
        {adoptedInto.length ? ` Adopted into: ${adoptedInto.map((p) => p.title).join(", ")}.` : null}
      </p>
      <dl className="mb-6 space-y-2">
        <div>
          <dt className="font-bold">As first written</dt>
          <dd>{concern.originalWording}</dd>
        </div>
        <div>
          <dt className="font-bold">Contact for follow-up (private)</dt>
          <dd>{concern.contactRemovedAt ? "Removed after the retention period" : contact || "None given"}</dd>
        </div>
        {concern.answer ? (
          <div>
            <dt className="font-bold">Answer</dt>
            <dd>{concern.answer}</dd>
          </div>
        ) : null}
        {concern.notAdoptedReason ? (
          <div>
            <dt className="font-bold">Not adopted because</dt>
            <dd>{concern.notAdoptedReason}</dd>
          </div>
        ) : null}
      </dl>
      <Conflict message={message} />
      <ErrorSummary errors={errors} labels={LABELS} />
      {!decided && meeting ? (
        <p>
          <Link to={`/chair/meetings/${meeting.id}/priorities/new?n=${neighbourhood.id}&c=${concern.id}`}>
            Agree a new priority from this concern
          </Link>
        </p>
      ) : null}
      <Form method="post" noValidate onChange={reveal.onChange}>
        <TextArea
          name="publicWording"
          label={LABELS.publicWording}
          hint="Edit for publication: no names, no house numbers. The original is kept in the history."
          errors={errors}
          defaultValue={v("publicWording", concern.publicWording)}
          rows={4}
        />
        <TextField
          name="location"
          label={LABELS.location}
          errors={errors}
          defaultValue={v("location", concern.location)}
        />
        {decided && !canChangeDecision ? (
          <>
            <input type="hidden" name="decision" value="none" />
            <p>
              <strong>This decision is final.</strong> It could be changed for 10 minutes after it was made.
            </p>
          </>
        ) : (
          <>
            {decided && decisionFinalAt ? (
              <div className="mb-4 border-l-4 border-brand pl-4">
                <h2 className="mt-0">Change this decision</h2>
                <p>
                  Made a mistake? You can change the decision until{" "}
                  <time dateTime={new Date(decisionFinalAt).toISOString()}>
                    {timeInWords(decisionFinalAt)}
                  </time>
                  . After that it is final. The resident is e-mailed about the decision only then, so they
                  hear once, about the right one.
                </p>
              </div>
            ) : null}
            <Radios
              name="decision"
              legend={decided ? "New decision" : LABELS.decision}
              errors={errors}
              defaultValue={v("decision", "none")}
              options={[
                {
                  value: "none",
                  label: decided
                    ? "Keep the decision (only save the wording)"
                    : "Not decided yet (only save the wording)",
                },
                { value: "adopted", label: "Adopt it into a current priority" },
                { value: "answered", label: "Answered at the meeting" },
                { value: "referred", label: "Referred to an agency as business as usual" },
                { value: "not_adopted", label: "Not adopted" },
              ]}
            />
            <div hidden={!reveal.shows("adopted")}>
              <Select
                name="priorityId"
                label={LABELS.priorityId}
                hint="To agree a new priority from it, use the link above (or “Agree a priority” on a meeting’s page)."
                errors={errors}
                defaultValue={v("priorityId")}
                placeholder="Choose a priority"
                options={currentPriorities.map((p) => ({ value: String(p.id), label: p.title }))}
              />
            </div>
            <div hidden={!reveal.shows("answered")}>
              <TextArea
                name="answer"
                label={LABELS.answer}
                errors={errors}
                defaultValue={v("answer")}
                rows={2}
              />
            </div>
            <div hidden={!reveal.shows("referred")}>
              <Select
                name="agencyId"
                label={LABELS.agencyId}
                errors={errors}
                defaultValue={v("agencyId")}
                placeholder="Choose an agency"
                options={agencies.map((a) => ({ value: String(a.id), label: a.name }))}
              />
            </div>
            <div hidden={!reveal.shows("not_adopted")}>
              <TextArea
                name="reason"
                label={LABELS.reason}
                errors={errors}
                defaultValue={v("reason")}
                rows={2}
              />
            </div>
          </>
        )}
        <button type="submit" className="button">
          Save
        </button>
      </Form>
    </>
  );
}
