import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireMemberOf } from "~/auth/guards.server";
import { Chart } from "~/components/charts";
import { Definitions, MeasuresTable } from "~/components/measures";
import { OnDay } from "~/components/public-feedback";
import { idSchema } from "~/domain/core/ids";
import { agencyDashboard } from "~/domain/measures/dashboard";
import { pathParams } from "~/http/public-params.server";
import { readOrRefuse } from "~/http/responses.server";

const params = z.object({ agencyId: idSchema });

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { agencyId } = pathParams(params, raw);
  const viewer = await requireMemberOf(request, agencyId);
  return readOrRefuse(() => agencyDashboard(viewer, agencyId));
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.agency.name}: dashboard — One Dialogue` : "Dashboard — One Dialogue" },
];

export default function AgencyDashboardPage() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{page.agency.name}: how we’re doing</h1>
      <p>
        Your agency’s figures against all partners’, including partners-only work, {page.period.from} to{" "}
        {page.period.to}. <Link to="/partner">Back to your task inbox</Link>
      </p>

      <section aria-labelledby="overdue-heading">
        <h2 id="overdue-heading">Overdue tasks ({page.overdue.length})</h2>
        {page.overdue.length ? (
          <ul className="space-y-2">
            {page.overdue.map((t) => (
              <li key={t.id}>
                <Link to={`/tasks/${t.id}`}>{t.title}</Link> — {t.priorityTitle}, {t.neighbourhoodName}. Due{" "}
                <OnDay day={t.dueDate} />. {t.statusLabel}.
              </li>
            ))}
          </ul>
        ) : (
          <p>No overdue tasks.</p>
        )}
      </section>

      <section aria-labelledby="unaccepted-heading">
        <h2 id="unaccepted-heading">Waiting to be accepted ({page.unaccepted.length})</h2>
        {page.unaccepted.length ? (
          <ul className="space-y-2">
            {page.unaccepted.map((t) => (
              <li key={t.id}>
                <Link to={`/tasks/${t.id}`}>{t.title}</Link> — {t.priorityTitle}, {t.neighbourhoodName}.
                Offered <OnDay day={t.offeredOn} />, to be accepted by <OnDay day={t.acknowledgeBy} />
                {t.lateToAccept ? <strong> (late)</strong> : null}.
              </li>
            ))}
          </ul>
        ) : (
          <p>Nothing is waiting.</p>
        )}
      </section>

      <section aria-labelledby="figures-heading">
        <h2 id="figures-heading">Your figures and the partnership’s</h2>
        <MeasuresTable
          caption={`${page.agency.name} and all partners`}
          columns={page.table.columns}
          rows={page.table.rows}
        />
      </section>

      <section aria-labelledby="trend-heading">
        <h2 id="trend-heading">Trend over 12 months</h2>
        {page.trends.map((chart) => (
          <Chart key={chart.id} chart={chart} definitionHref={`#measure-${chart.measure}`} />
        ))}
      </section>

      <Definitions definitions={page.definitions} />
    </>
  );
}
