import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireChairOf } from "~/auth/guards.server";
import { ChairCrumbs, Conflict } from "~/components/chair";
import { MeetingForm } from "~/components/chair-meeting-form";
import { useFormFailure } from "~/components/forms";
import { getAssemblyForChair, scheduleMeeting } from "~/domain/meetings/meetings";
import { idParam } from "~/http/chair.server";
import { meetingSchema } from "~/http/chair-forms.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { readOrRefuse, runAction } from "~/http/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const assemblyId = idParam(params.assemblyId);
  const viewer = await requireChairOf(request, assemblyId);
  return readOrRefuse(() => getAssemblyForChair(viewer, assemblyId));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const assemblyId = idParam(params.assemblyId);
  const viewer = await requireChairOf(request, assemblyId);
  const form = await readForm(request);
  const parsed = parseFormData(form, meetingSchema);
  if (!parsed.ok) return badRequest(parsed);
  const result = await runAction(
    () => scheduleMeeting(viewer, { ...parsed.data, assemblyId }),
    parsed.values,
  );
  if (!("id" in result)) return result;
  throw redirect(`/chair/meetings/${result.id}?saved=scheduled`);
}

export const meta: MetaFunction = () => [{ title: "Schedule a meeting — Chair workspace — One Dialogue" }];

export default function ScheduleMeeting() {
  const { assembly, neighbourhoods, previousVenues } = useLoaderData<typeof loader>();
  const { errors, value, all, message, failed } = useFormFailure<typeof action>();
  const selected = failed ? all("neighbourhoodIds") : undefined;
  return (
    <>
      <ChairCrumbs
        items={[{ to: `/chair/${assembly.id}`, label: assembly.name }, { label: "Schedule a meeting" }]}
      />
      <h1>Schedule a meeting</h1>
      <Conflict message={message} />
      <MeetingForm
        errors={errors}
        value={value}
        selected={selected ?? neighbourhoods.map((n) => String(n.id))}
        neighbourhoods={neighbourhoods}
        previousVenues={previousVenues}
        submitLabel="Schedule the meeting"
      />
    </>
  );
}
