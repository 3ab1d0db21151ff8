import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MeetingPack, packLinks } from "~/components/meeting-pack";
import { includesPartnersOnly, PartnersPrintout, partnersPrintLinks } from "~/components/printout";
import { getPartnersPack } from "~/domain/meeting-pack";
import { printablePack } from "~/domain/printouts";
import { idParam, readOrRefuse, requireChairFor } from "~/http/chair.server";

export const links = () => [...packLinks, ...partnersPrintLinks];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const meetingId = idParam(params.id);
  const viewer = await requireChairFor(request, { meeting: meetingId });
  const included = includesPartnersOnly(request);
  const pack = await readOrRefuse(() => getPartnersPack(viewer, meetingId));
  return { pack: printablePack(pack, included), included };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Meeting pack: ${data?.pack.meeting.title ?? "meeting"} — Chair workspace — One Dialogue` },
];

export default function PartnersPack() {
  const { pack, included } = useLoaderData<typeof loader>();
  return (
    <>
      <PartnersPrintout included={included} what="pack" />
      <nav aria-label="Breadcrumb" className="no-print mb-4 text-sm">
        <Link to={`/chair/meetings/${pack.meeting.id}`}>Back to the meeting</Link> ·{" "}
        <Link to={`/meetings/${pack.meeting.id}/pack`}>Public version of the pack</Link>
      </nav>
      <MeetingPack pack={pack} />
    </>
  );
}
