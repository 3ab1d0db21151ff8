import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireChairOf } from "~/auth/guards.server";
import { ChairCrumbs } from "~/components/chair";
import { When } from "~/components/public-feedback";
import { listConcernsAwaitingDecision } from "~/domain/concerns/concerns";
import { getAssemblyForChair } from "~/domain/meetings/meetings";
import { idParam } from "~/http/chair.server";
import { readOrRefuse } from "~/http/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const assemblyId = idParam(params.assemblyId);
  const viewer = await requireChairOf(request, assemblyId);
  return readOrRefuse(async () => ({
    ...(await getAssemblyForChair(viewer, assemblyId)),
    concerns: await listConcernsAwaitingDecision(viewer, assemblyId),
  }));
}

export const meta: MetaFunction = () => [
  { title: "Concerns waiting for a decision — Chair workspace — One Dialogue" },
];

export default function AssemblyConcerns() {
  const { assembly, concerns } = useLoaderData<typeof loader>();
  return (
    <>
      <ChairCrumbs items={[{ to: `/chair/${assembly.id}`, label: assembly.name }, { label: "Concerns" }]} />
      <h1>Concerns waiting for a decision</h1>
      <p>Concerns raised online arrive here first. Nothing is published until you moderate it.</p>
      {concerns.length ? (
        <ul className="space-y-3">
          {concerns.map((c) => (
            <li key={c.id} className="border-l-4 border-brand pl-4">
              <Link to={`/chair/concerns/${c.id}`}>{c.publicWording}</Link>
              <p className="mb-0 text-muted">
                {c.neighbourhoodName}, {c.location} · {c.source === "online" ? "online" : "at a meeting"} ·{" "}
                <When at={c.createdAt} />
                {c.moderatedAt ? "" : " · not moderated yet"}
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>No concerns are waiting.</p>
      )}
    </>
  );
}
