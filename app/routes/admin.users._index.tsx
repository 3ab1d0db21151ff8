import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { AdminPage } from "~/components/admin";
import { ScrollRegion } from "~/components/charts";
import { listUsersForAdmin } from "~/domain/accounts/admin";

export const meta: MetaFunction = () => [{ title: "People — Administration — One Dialogue" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { users: await listUsersForAdmin() };
}

export default function Users() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <AdminPage title="People who can sign in">
      <p>
        <Link to="/admin/users/invite" className="button">
          Invite someone
        </Link>
      </p>
      <ScrollRegion label="People: table">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">E-mail</th>
              <th scope="col">Roles</th>
              <th scope="col">Account</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>
                  <Link to={`/admin/users/${u.id}`}>{u.name}</Link>
                </td>
                <td>{u.email}</td>
                <td>
                  {[u.isAdmin ? "Administrator" : "", u.chairs ? `Chair of ${u.chairs}` : "", u.agencies]
                    .filter(Boolean)
                    .join("; ") || "None"}
                </td>
                <td>{!u.active ? "Deactivated" : u.hasPassword ? "Active" : "Invited, not yet accepted"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </AdminPage>
  );
}
