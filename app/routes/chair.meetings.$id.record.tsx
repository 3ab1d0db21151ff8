import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ChairCrumbs, Conflict } from "~/components/chair";
import { ErrorSummary, TextArea, TextField, useFormFailure } from "~/components/forms";
import { MeetingTime } from "~/components/public-feedback";
import { cancelMeeting, getMeetingForChair, recordMeeting } from "~/domain/meetings/meetings";
import { idParam, requireChairFor } from "~/http/chair.server";
import { cancelSchema, recordSchema } from "~/http/chair-forms.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { readOrRefuse, runAction } from "~/http/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const meetingId = idParam(params.id);
  const viewer = await requireChairFor(request, { meeting: meetingId });
  return readOrRefuse(() => getMeetingForChair(viewer, meetingId));
}

// One page, two forms: record the meeting as held, or cancel it with a public reason.
export async function action({ request, params }: ActionFunctionArgs) {
  const meetingId = idParam(params.id);
  const viewer = await requireChairFor(request, { meeting: meetingId });
  const form = await readForm(request);
  const intent = form.get("intent") === "cancel" ? "cancel" : "record";
  if (intent === "cancel") {
    const parsed = parseFormData(form, cancelSchema);
    if (!parsed.ok) return badRequest(parsed);
    const result = await runAction(
      () => cancelMeeting(viewer, { meetingId, reason: parsed.data.reason }),
      parsed.values,
    );
    if (!("id" in result)) return result;
    throw redirect(`/chair/meetings/${meetingId}?saved=cancelled`);
  }
  const parsed = parseFormData(form, recordSchema);
  if (!parsed.ok) return badRequest(parsed);
  const result = await runAction(() => recordMeeting(viewer, { ...parsed.data, meetingId }), parsed.values);
  if (!("id" in result)) return result;
  throw redirect(`/chair/meetings/${meetingId}?saved=recorded`);
}

export const meta: MetaFunction = () => [{ title: "Record the meeting — Chair workspace — One Dialogue" }];

const LABELS = {
  attendance: "How many people attended",
  publicSummary: "Public summary",
  whatsWorking: "What’s working",
  minutesReference: "Minutes reference",
  reason: "Public reason for cancelling",
};

export default function RecordMeeting() {
  const { meeting, assembly } = useLoaderData<typeof loader>();
  const { errors, value, message, failed } = useFormFailure<typeof action>();
  const cancelling = value("intent") === "cancel";
  const recordErrors = cancelling ? undefined : errors;
  const cancelErrors = cancelling ? errors : undefined;
  const shown = (name: "attendance" | "publicSummary" | "whatsWorking" | "minutesReference") =>
    failed && !cancelling ? (value(name) ?? "") : String(meeting[name] ?? "");
  return (
    <>
      <ChairCrumbs
        items={[
          { to: `/chair/${assembly.id}`, label: assembly.name },
          { to: `/chair/meetings/${meeting.id}`, label: meeting.title },
          { label: "Record" },
        ]}
      />
      <h1>Record {meeting.title}</h1>
      <p>
        <MeetingTime startsAt={meeting.startsAt} endsAt={meeting.endsAt} />, {meeting.venue}
      </p>
      <Conflict message={message} />
      <ErrorSummary errors={errors} labels={LABELS} />
      {meeting.status === "cancelled" ? (
        <p>This meeting was cancelled: {meeting.cancellationReason}</p>
      ) : (
        <>
          {/* A meeting can be recorded as held only once it has started; until then, only cancelled. */}
          {!meeting.hasStarted ? (
            <p>This meeting has not started yet. Come back to record it once it has been held.</p>
          ) : (
            <Form method="post" noValidate className="mb-10">
              <input type="hidden" name="intent" value="record" />
              <TextField
                name="attendance"
                label={LABELS.attendance}
                hint="A whole number, including residents and partners."
                errors={recordErrors}
                defaultValue={shown("attendance")}
              />
              <TextArea
                name="publicSummary"
                label={LABELS.publicSummary}
                hint="What was raised and agreed, for the public page. Do not name residents."
                errors={recordErrors}
                defaultValue={shown("publicSummary")}
                rows={5}
              />
              <TextArea
                name="whatsWorking"
                label={LABELS.whatsWorking}
                hint="Optional: what residents said is going well, and what the community itself will do."
                errors={recordErrors}
                defaultValue={shown("whatsWorking")}
                rows={3}
              />
              <TextField
                name="minutesReference"
                label={LABELS.minutesReference}
                hint="Optional: where the full minutes are kept."
                errors={recordErrors}
                defaultValue={shown("minutesReference")}
              />
              <button type="submit" className="button">
                {meeting.status === "held" ? "Save the correction" : "Record as held"}
              </button>
            </Form>
          )}
          {meeting.status === "scheduled" ? (
            <section aria-labelledby="cancel-heading">
              <h2 id="cancel-heading">Cancel the meeting</h2>
              <p>
                If the meeting did not or will not take place, cancel it. The reason is shown to the public.
              </p>
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="cancel" />
                <TextArea
                  name="reason"
                  label={LABELS.reason}
                  errors={cancelErrors}
                  defaultValue={cancelling ? value("reason") : ""}
                  rows={2}
                />
                <button type="submit" className="button bg-red-700">
                  Cancel the meeting
                </button>
              </Form>
            </section>
          ) : null}
        </>
      )}
    </>
  );
}
