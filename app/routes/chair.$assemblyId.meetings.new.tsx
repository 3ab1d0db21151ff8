import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireChairOf } from "~/auth/guards.server";
import { ChairCrumbs, Conflict, useFailure } from "~/components/chair";
import { MeetingForm } from "~/components/chair-meeting-form";
import { getAssemblyForChair, scheduleMeeting } from "~/domain/meetings";
import { allValues, idParam } from "~/http/chair.server";
import { meetingSchema } from "~/http/chair-forms.server";
import { echoValues, parseFormData, readForm } from "~/http/forms.server";
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
  const selected = allValues(form, "neighbourhoodIds");
  const parsed = parseFormData(form, meetingSchema);
  if (!parsed.ok) return data({ ...parsed, selected }, { status: 400 });
  const result = await runAction(() => scheduleMeeting(viewer, { ...parsed.data, assemblyId }));
  if (!("id" in result))
    return data({ ...result.data, values: echoValues(form), selected }, result.init ?? undefined);
  throw redirect(`/chair/meetings/${result.id}?saved=scheduled`);
}

export const meta: MetaFunction = () => [{ title: "Schedule a meeting — Chair workspace — One Dialogue" }];

export default function ScheduleMeeting() {
  const { assembly, neighbourhoods, previousVenues } = useLoaderData<typeof loader>();
  const { errors, values, message } = useFailure();
  const selected = (useActionData() as { selected?: string[] } | undefined)?.selected;
  return (
    <>
      <ChairCrumbs
        items={[{ to: `/chair/${assembly.id}`, label: assembly.name }, { label: "Schedule a meeting" }]}
      />
      <h1>Schedule a meeting</h1>
      <Conflict message={message} />
      <MeetingForm
        errors={errors}
        values={values}
        selected={selected ?? neighbourhoods.map((n) => String(n.id))}
        neighbourhoods={neighbourhoods}
        previousVenues={previousVenues}
        submitLabel="Schedule the meeting"
      />
    </>
  );
}
