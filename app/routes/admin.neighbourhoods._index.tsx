import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { AdminPage } from "~/components/admin";
import { ScrollRegion } from "~/components/charts";
import { listNeighbourhoodsForAdmin } from "~/domain/accounts/admin";

export const meta: MetaFunction = () => [{ title: "Neighbourhoods — Administration — One Dialogue" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { neighbourhoods: await listNeighbourhoodsForAdmin() };
}

export default function Neighbourhoods() {
  const { neighbourhoods } = useLoaderData<typeof loader>();
  return (
    <AdminPage title="Neighbourhoods">
      <p>
        <Link to="/admin/neighbourhoods/new" className="button">
          Add a neighbourhood
        </Link>
      </p>
      <ScrollRegion label="Neighbourhoods: table">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Neighbourhood</th>
              <th scope="col">Area assembly</th>
              <th scope="col">Most active priorities</th>
              <th scope="col">police.uk</th>
            </tr>
          </thead>
          <tbody>
            {neighbourhoods.map((n) => (
              <tr key={n.id}>
                <td>
                  <Link to={`/admin/neighbourhoods/${n.id}`}>{n.name}</Link>
                </td>
                <td>{n.assembly}</td>
                <td>{n.maxActivePriorities}</td>
                <td>{n.policeForceId ? `${n.policeForceId} / ${n.policeNeighbourhoodId}` : "Not linked"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </AdminPage>
  );
}
