import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { MeetingPack, packLinks } from "~/components/meeting-pack";
import { idSchema } from "~/domain/core/ids";
import { getPublicPack } from "~/domain/reports/meeting-pack";
import { publicPage, publicPageHeaders } from "~/http/conditional.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";
import { notFound, pathParams } from "~/http/public-params.server";

export const handle = cachedPage({ tags: tagsOf.meeting });

const params = z.object({ id: idSchema });

export const links = () => packLinks;
export const headers = publicPageHeaders;

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { id } = pathParams(params, raw);
  const pack = await getPublicPack(id);
  if (!pack) throw notFound("Meeting not found");
  return publicPage(request, pack);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Meeting pack: ${data.meeting.title} — One Dialogue` : "Meeting not found — One Dialogue" },
];

export default function PublicPack() {
  const pack = useLoaderData<typeof loader>();
  return (
    <>
      <nav aria-label="Breadcrumb" className="no-print mb-4 text-sm">
        <Link to={`/meetings/${pack.meeting.id}`}>Back to the meeting</Link>
      </nav>
      <MeetingPack pack={pack} />
    </>
  );
}
