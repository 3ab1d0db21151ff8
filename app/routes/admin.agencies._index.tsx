import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { AdminPage } from "~/components/admin";
import { ScrollRegion } from "~/components/charts";
import { listAgenciesForAdmin } from "~/domain/accounts/admin";
import { AGENCY_KIND_NAME } from "~/domain/core/agency-kinds";

export const meta: MetaFunction = () => [{ title: "Agencies — Administration — One Dialogue" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { agencies: await listAgenciesForAdmin() };
}

export default function Agencies() {
  const { agencies } = useLoaderData<typeof loader>();
  return (
    <AdminPage title="Agencies and community groups">
      <p>
        <Link to="/admin/agencies/new" className="button">
          Add an agency
        </Link>
      </p>
      <ScrollRegion label="Agencies: table">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Agency</th>
              <th scope="col">Kind</th>
              <th scope="col">Inbox</th>
              <th scope="col">Tasks by default</th>
              <th scope="col">Accept within</th>
            </tr>
          </thead>
          <tbody>
            {agencies.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/admin/agencies/${a.id}`}>{a.name}</Link>
                </td>
                <td>{AGENCY_KIND_NAME[a.kind]}</td>
                <td>{a.inboxEmail}</td>
                <td>{a.defaultConfidentiality === "public" ? "Public" : "Partners only"}</td>
                <td>{a.acknowledgeWithinWorkingDays} working days</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </AdminPage>
  );
}
