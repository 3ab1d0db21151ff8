import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ChairCrumbs, Conflict, Radios } from "~/components/chair";
import { ErrorSummary, Select, TextArea, TextField, useFormFailure, useReveal } from "~/components/forms";
import { StatusTag } from "~/components/public-feedback";
import { env } from "~/config/env.server";
import { type ConcernDecision, getConcernForChair, moderateConcern } from "~/domain/concerns/concerns";
import { idSchema } from "~/domain/core/ids";
import { dayInWords, timeInWords } from "~/domain/core/words";
import { CONCERN_STATUS } from "~/domain/lifecycle/statuses";
import { placesForNewPriority } from "~/domain/priorities/priorities";
import { idParam, requireChairFor } from "~/http/chair.server";
import { moderationSchema } from "~/http/chair-forms.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { readOrRefuse, runAction } from "~/http/responses.server";

// "Adopt into a new priority" is a GET form (?agreeAt=<meeting>): a valid choice goes on to the
// meeting's "Agree a priority" page with this concern chosen, where agreePriority keeps every rule.
const agreeAtParam = idSchema.optional().catch(0);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const concernId = idParam(params.id);
  const viewer = await requireChairFor(request, { concern: concernId });
  const agreeAt = agreeAtParam.parse(new URL(request.url).searchParams.get("agreeAt") ?? undefined);
  const page = await readOrRefuse(async () => {
    const found = await getConcernForChair(viewer, concernId);
    const newPriority =
      found.concern.status === "new" ? await placesForNewPriority(viewer, found.neighbourhood.id) : null;
    return { ...found, newPriority };
  });
  let agreeAtError: string | null = null;
  if (agreeAt !== undefined) {
    const choices = page.newPriority?.kind === "meetings" ? page.newPriority.meetings : [];
    if (choices.some((m) => m.id === agreeAt)) {
      const next = new URLSearchParams({ n: String(page.neighbourhood.id), c: String(concernId) });
      throw redirect(`/chair/meetings/${agreeAt}/priorities/new?${next}`);
    }
    agreeAtError = "Choose a meeting from the list";
  }
  return { ...page, agreeAtError };
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
  const result = await runAction(
    () =>
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
    parsed.values,
  );
  if (!("id" in result)) return result;
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
  agreeAt: "Meeting where it is agreed",
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
    newPriority,
    agreeAtError,
  } = useLoaderData<typeof loader>();
  const { errors, valueOr, message } = useFormFailure<typeof action>();
  const decided = concern.status !== "new";
  const reveal = useReveal("decision", valueOr("decision", "none"));
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
      {newPriority ? (
        <NewPriority
          places={newPriority}
          neighbourhoodName={neighbourhood.name}
          assemblyId={assemblyId}
          raisedAt={meeting?.id}
          error={agreeAtError}
        />
      ) : null}
      <Form method="post" noValidate onChange={reveal.onChange}>
        <TextArea
          name="publicWording"
          label={LABELS.publicWording}
          hint="Edit for publication: no names, no house numbers. The original is kept in the history."
          errors={errors}
          defaultValue={valueOr("publicWording", concern.publicWording)}
          rows={4}
        />
        <TextField
          name="location"
          label={LABELS.location}
          errors={errors}
          defaultValue={valueOr("location", concern.location)}
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
              defaultValue={valueOr("decision", "none")}
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
                hint="To agree a new priority from it, use “Adopt into a new priority” above."
                errors={errors}
                defaultValue={valueOr("priorityId")}
                placeholder="Choose a priority"
                options={currentPriorities.map((p) => ({ value: String(p.id), label: p.title }))}
              />
            </div>
            <div hidden={!reveal.shows("answered")}>
              <TextArea
                name="answer"
                label={LABELS.answer}
                errors={errors}
                defaultValue={valueOr("answer")}
                rows={2}
              />
            </div>
            <div hidden={!reveal.shows("referred")}>
              <Select
                name="agencyId"
                label={LABELS.agencyId}
                errors={errors}
                defaultValue={valueOr("agencyId")}
                placeholder="Choose an agency"
                options={agencies.map((a) => ({ value: String(a.id), label: a.name }))}
              />
            </div>
            <div hidden={!reveal.shows("not_adopted")}>
              <TextArea
                name="reason"
                label={LABELS.reason}
                errors={errors}
                defaultValue={valueOr("reason")}
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

type Places = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["newPriority"]>;

/** Adopt into a new priority: choose the meeting where it is agreed, or why none can be chosen. */
function NewPriority(props: {
  places: Places;
  neighbourhoodName: string;
  assemblyId: number;
  raisedAt?: number;
  error: string | null;
}) {
  const { places } = props;
  return (
    <section aria-labelledby="new-priority" className="mb-6 border-l-4 border-brand pl-4">
      <h2 id="new-priority" className="mt-0">
        Adopt into a new priority
      </h2>
      {places.kind === "full" ? (
        <p data-testid="new-priority-full">
          {places.message} You can still adopt it into a current priority below.
        </p>
      ) : places.kind === "no_meeting" ? (
        <p data-testid="new-priority-no-meeting">
          A priority is agreed at a meeting, and no meeting covering {props.neighbourhoodName} has started yet
          {places.next ? (
            <>
              {" "}
              (the next is <Link to={`/chair/meetings/${places.next.id}`}>{places.next.title}</Link> on{" "}
              {dayInWords(places.next.startsAt)}; you can agree it there once it has started)
            </>
          ) : null}
          . <Link to={`/chair/${props.assemblyId}/meetings/new`}>Schedule a meeting</Link>, or record one that
          was held, then come back to this concern.
        </p>
      ) : (
        <Form method="get">
          <Select
            name="agreeAt"
            label={LABELS.agreeAt}
            hint={`A priority is agreed at a meeting. These are the meetings covering ${props.neighbourhoodName} that have started, newest first. Next you write the priority’s title and “you said”.`}
            errors={props.error ? { agreeAt: [props.error] } : undefined}
            defaultValue={String(
              places.meetings.find((m) => m.id === props.raisedAt)?.id ?? places.meetings[0].id,
            )}
            options={places.meetings.map((m) => ({
              value: String(m.id),
              label: `${m.title}, ${dayInWords(m.startsAt)}`,
            }))}
          />
          <button type="submit" className="button-secondary">
            Continue to agree a new priority
          </button>
        </Form>
      )}
    </section>
  );
}
