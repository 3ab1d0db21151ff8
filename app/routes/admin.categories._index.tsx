import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { AdminPage } from "~/components/admin";
import { listCategoriesForAdmin } from "~/domain/accounts/admin";

export const meta: MetaFunction = () => [{ title: "Categories — Administration — One Dialogue" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return { categories: await listCategoriesForAdmin() };
}

export default function Categories() {
  const { categories } = useLoaderData<typeof loader>();
  return (
    <AdminPage title="Categories of concern">
      <p>
        <Link to="/admin/categories/new" className="button">
          Add a category
        </Link>
      </p>
      <ul className="list-disc pl-6">
        {categories.map((c) => (
          <li key={c.id}>
            <Link to={`/admin/categories/${c.id}`}>{c.name}</Link>
          </li>
        ))}
      </ul>
    </AdminPage>
  );
}
