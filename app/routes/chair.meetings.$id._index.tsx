import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ChairCrumbs, Conflict, Flag, Saved } from "~/components/chair";
import { useFormFailure } from "~/components/forms";
import { MeetingWhenWhere, StatusTag } from "~/components/public-feedback";
import { listMeetingConcerns } from "~/domain/concerns/concerns";
import { CONCERN_STATUS, MEETING_STATUS } from "~/domain/lifecycle/statuses";
import { MEETING_KIND_NAME } from "~/domain/meetings/meeting-kinds";
import { getMeetingForChair, publishMeeting } from "~/domain/meetings/meetings";
import { idParam, requireChairFor } from "~/http/chair.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { readOrRefuse, runAction } from "~/http/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const meetingId = idParam(params.id);
  const viewer = await requireChairFor(request, { meeting: meetingId });
  return readOrRefuse(async () => ({
    ...(await getMeetingForChair(viewer, meetingId)),
    concerns: await listMeetingConcerns(viewer, meetingId),
  }));
}

const intentSchema = z.object({ intent: z.literal("publish", { error: "Choose what to do" }) });

export async function action({ request, params }: ActionFunctionArgs) {
  const meetingId = idParam(params.id);
  const viewer = await requireChairFor(request, { meeting: meetingId });
  const parsed = parseFormData(await readForm(request), intentSchema);
  if (!parsed.ok) return badRequest(parsed);
  const result = await runAction(() => publishMeeting(viewer, { meetingId }), parsed.values);
  if (!("id" in result)) return result;
  throw redirect(`/chair/meetings/${meetingId}?saved=published`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.meeting.title ?? "Meeting"} — Chair workspace — One Dialogue` },
];

const SAVED: Record<string, string> = {
  scheduled: "The meeting is scheduled.",
  edited: "The meeting’s details are saved.",
  recorded: "The meeting is recorded as held.",
  cancelled: "The meeting is cancelled.",
  published: "The meeting’s summary is published.",
};

export default function ChairMeeting() {
  const { meeting, assembly, neighbourhoods, concerns } = useLoaderData<typeof loader>();
  const { message } = useFormFailure<typeof action>();
  const [search] = useSearchParams();
  const saved = SAVED[search.get("saved") ?? ""];
  const base = `/chair/meetings/${meeting.id}`;
  return (
    <>
      <ChairCrumbs
        items={[{ to: `/chair/${assembly.id}`, label: assembly.name }, { label: meeting.title }]}
      />
      {saved ? <Saved>{saved}</Saved> : null}
      <Conflict message={message} />
      <p className="text-muted">{MEETING_KIND_NAME[meeting.kind]}</p>
      <h1>{meeting.title}</h1>
      <p>
        <StatusTag label={MEETING_STATUS[meeting.status]} />{" "}
        {meeting.status === "held"
          ? meeting.publishedAt
            ? "Summary published."
            : "Summary not published yet."
          : null}{" "}
        {meeting.needsRecording ? <Flag>Needs recording: it ended more than two days ago</Flag> : null}
      </p>
      <dl className="mb-6 space-y-2">
        <MeetingWhenWhere meeting={meeting} />
        <div>
          <dt className="font-bold">Neighbourhoods</dt>
          <dd>{neighbourhoods.map((n) => n.name).join(", ")}</dd>
        </div>
        {meeting.status === "cancelled" ? (
          <div>
            <dt className="font-bold">Reason for cancelling</dt>
            <dd>{meeting.cancellationReason}</dd>
          </div>
        ) : null}
        {meeting.attendance != null ? (
          <div>
            <dt className="font-bold">Attendance</dt>
            <dd>{meeting.attendance} people</dd>
          </div>
        ) : null}
        {meeting.publicSummary ? (
          <div>
            <dt className="font-bold">Public summary</dt>
            <dd>{meeting.publicSummary}</dd>
          </div>
        ) : null}
      </dl>

      <h2>What you can do</h2>
      <ul className="mb-6 list-disc space-y-2 pl-6">
        {meeting.status === "scheduled" ? (
          <li>
            <Link to={`${base}/edit`}>Change the date, time or place</Link>
          </li>
        ) : null}
        {meeting.status !== "cancelled" && meeting.hasStarted ? (
          <>
            <li>
              <Link to={`${base}/concerns`}>Add concerns raised at the meeting</Link>
            </li>
            <li>
              <Link to={`${base}/priorities/new`}>Agree a priority</Link>
            </li>
          </>
        ) : null}
        {meeting.status !== "cancelled" ? (
          <li>
            <Link to={`${base}/record`}>
              {meeting.status === "held"
                ? "Correct the meeting’s record"
                : meeting.hasStarted
                  ? "Record the meeting as held, or cancel it"
                  : "Cancel the meeting"}
            </Link>
          </li>
        ) : null}
        <li>
          <Link to={`${base}/pack`}>Meeting pack (for partners, printable)</Link>
        </li>
        <li>
          <Link to={`/meetings/${meeting.id}`}>Public page of the meeting</Link>
        </li>
      </ul>
      {meeting.canPublish ? (
        <Form method="post" className="mb-8">
          <input type="hidden" name="intent" value="publish" />
          <p>Publishing shows the summary, what’s working and the minutes reference on the public page.</p>
          <button type="submit" className="button">
            Publish the summary
          </button>
        </Form>
      ) : null}

      <h2>Concerns raised at this meeting</h2>
      {concerns.length ? (
        <ul className="space-y-2">
          {concerns.map((c) => (
            <li key={c.id}>
              <Link to={`/chair/concerns/${c.id}`}>{c.publicWording}</Link> — {c.neighbourhoodName},{" "}
              {c.location} · {CONCERN_STATUS[c.status]}
            </li>
          ))}
        </ul>
      ) : (
        <p>None recorded.</p>
      )}
    </>
  );
}
