import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Radios, Saved } from "~/components/chair";
import { ErrorSummary, useFormFailure } from "~/components/forms";
import { MeetingPack, packLinks } from "~/components/meeting-pack";
import { includesPartnersOnly, PartnersPrintout, partnersPrintLinks } from "~/components/printout";
import {
  AGENDA_ORDER_VALUES,
  AGENDA_ORDERS,
  getPartnersPack,
  setAgendaOrder,
} from "~/domain/reports/meeting-pack";
import { printablePack } from "~/domain/reports/printouts";
import { idParam, requireChairFor } from "~/http/chair.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { readOrRefuse, runAction } from "~/http/responses.server";

export const links = () => [...packLinks, ...partnersPrintLinks];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const meetingId = idParam(params.id);
  const viewer = await requireChairFor(request, { meeting: meetingId });
  const included = includesPartnersOnly(request);
  const pack = await readOrRefuse(() => getPartnersPack(viewer, meetingId));
  // The choices travel with the data: the domain module stays out of the browser bundle.
  const agendaOrders = Object.entries(AGENDA_ORDERS).map(([value, order]) => ({
    value,
    label: order.label,
    hint: order.hint,
  }));
  return { pack: printablePack(pack, included), included, agendaOrders };
}

const agendaOrderSchema = z.object({
  agendaOrder: z.enum(AGENDA_ORDER_VALUES, { error: "Choose the order of the agenda" }),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const meetingId = idParam(params.id);
  const viewer = await requireChairFor(request, { meeting: meetingId });
  const parsed = parseFormData(await readForm(request), agendaOrderSchema);
  if (!parsed.ok) return badRequest(parsed);
  const result = await runAction(
    () => setAgendaOrder(viewer, { assemblyId: viewer.assemblyId, agendaOrder: parsed.data.agendaOrder }),
    parsed.values,
  );
  if (!("id" in result)) return result;
  throw redirect(`/chair/meetings/${meetingId}/pack?saved=agenda`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Meeting pack: ${data?.pack.meeting.title ?? "meeting"} — Chair workspace — One Dialogue` },
];

const LABELS = { agendaOrder: "Order of the agenda" };

export default function PartnersPack() {
  const { pack, included, agendaOrders } = useLoaderData<typeof loader>();
  const { errors } = useFormFailure<typeof action>();
  const [search] = useSearchParams();
  return (
    <>
      <PartnersPrintout included={included} what="pack" />
      <nav aria-label="Breadcrumb" className="no-print mb-4 text-sm">
        <Link to={`/chair/meetings/${pack.meeting.id}`}>Back to the meeting</Link> ·{" "}
        <Link to={`/meetings/${pack.meeting.id}/pack`}>Public version of the pack</Link>
      </nav>
      {search.get("saved") === "agenda" ? (
        <Saved>The agenda order is saved for this assembly’s packs.</Saved>
      ) : null}
      <ErrorSummary errors={errors} labels={LABELS} />
      <details className="no-print mb-6" open={Boolean(errors)}>
        <summary>
          Change the order of the agenda (
          {agendaOrders.find((order) => order.value === pack.agendaOrder)?.label})
        </summary>
        <Form method="post" className="mt-3">
          <Radios
            name="agendaOrder"
            legend={LABELS.agendaOrder}
            hint={`Remembered for every pack of ${pack.meeting.assemblyName}.`}
            errors={errors}
            defaultValue={pack.agendaOrder}
            options={agendaOrders}
          />
          <button type="submit" className="button">
            Save the agenda order
          </button>
        </Form>
      </details>
      <MeetingPack pack={pack} />
    </>
  );
}
