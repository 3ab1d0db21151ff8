import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { AdminPage } from "~/components/admin";
import { ScrollRegion } from "~/components/charts";
import { listAssembliesForAdmin } from "~/domain/accounts/admin";

export const meta: MetaFunction = () => [{ title: "Area assemblies — Administration — One Dialogue" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { assemblies: await listAssembliesForAdmin() };
}

export default function Assemblies() {
  const { assemblies } = useLoaderData<typeof loader>();
  return (
    <AdminPage title="Area assemblies">
      <p>
        <Link to="/admin/assemblies/new" className="button">
          Add an area assembly
        </Link>
      </p>
      <ScrollRegion label="Area assemblies: table">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Web address name</th>
              <th scope="col">Neighbourhoods</th>
            </tr>
          </thead>
          <tbody>
            {assemblies.map((a) => (
              <tr key={a.id}>
                <td>
                  <Link to={`/admin/assemblies/${a.id}`}>{a.name}</Link>
                </td>
                <td>{a.slug}</td>
                <td>{a.neighbourhoods}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </AdminPage>
  );
}
