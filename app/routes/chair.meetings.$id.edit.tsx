import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ChairCrumbs, Conflict } from "~/components/chair";
import { MeetingForm } from "~/components/chair-meeting-form";
import { useFormFailure } from "~/components/forms";
import { editMeeting, getMeetingForChair } from "~/domain/meetings/meetings";
import { idParam, requireChairFor } from "~/http/chair.server";
import { meetingSchema } from "~/http/chair-forms.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { readOrRefuse, runAction } from "~/http/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const meetingId = idParam(params.id);
  const viewer = await requireChairFor(request, { meeting: meetingId });
  return readOrRefuse(() => getMeetingForChair(viewer, meetingId));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const meetingId = idParam(params.id);
  const viewer = await requireChairFor(request, { meeting: meetingId });
  const form = await readForm(request);
  const parsed = parseFormData(form, meetingSchema);
  if (!parsed.ok) return badRequest(parsed);
  const result = await runAction(() => editMeeting(viewer, { ...parsed.data, meetingId }), parsed.values);
  if (!("id" in result)) return result;
  throw redirect(`/chair/meetings/${meetingId}?saved=edited`);
}

export const meta: MetaFunction = () => [{ title: "Change a meeting — Chair workspace — One Dialogue" }];

export default function EditMeeting() {
  const { meeting, assembly, neighbourhoods, assemblyNeighbourhoods } = useLoaderData<typeof loader>();
  const { errors, valueOr, all, message, failed } = useFormFailure<typeof action>();
  const selected = failed ? all("neighbourhoodIds") : undefined;
  const current: Record<string, string> = {
    kind: meeting.kind,
    title: meeting.title,
    day: meeting.day,
    startTime: meeting.startTime,
    endTime: meeting.endTime,
    venue: meeting.venue,
    address: meeting.address,
    accessibilityNote: meeting.accessibilityNote,
  };
  return (
    <>
      <ChairCrumbs
        items={[
          { to: `/chair/${assembly.id}`, label: assembly.name },
          { to: `/chair/meetings/${meeting.id}`, label: meeting.title },
          { label: "Change" },
        ]}
      />
      <h1>Change the meeting</h1>
      <Conflict message={message} />
      <MeetingForm
        errors={errors}
        value={(name) => valueOr(name, current[name])}
        selected={selected ?? neighbourhoods.map((n) => String(n.id))}
        neighbourhoods={assemblyNeighbourhoods}
        submitLabel="Save the changes"
      />
    </>
  );
}
