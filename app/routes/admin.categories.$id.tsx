import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { AdminPage, Saved } from "~/components/admin";
import { ErrorSummary, TextField, useFormFailure } from "~/components/forms";
import { categorySchema, findCategory, saveCategory } from "~/domain/accounts/admin";
import { editId, found } from "~/http/admin-params.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { runAction } from "~/http/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.category ? data.category.name : "New category"} — Administration — One Dialogue` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const id = editId(params.id);
  if (id == null) return { category: null };
  return { category: found(await findCategory(id)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireAdmin(request);
  const id = editId(params.id);
  const parsed = parseFormData(await readForm(request), categorySchema);
  if (!parsed.ok) return badRequest(parsed);
  const saved = await runAction(() => saveCategory(viewer, id, parsed.data), parsed.values);
  if (!("id" in saved)) return saved;
  throw redirect(`/admin/categories/${saved.id}?saved=1`);
}

export default function EditCategory() {
  const { category } = useLoaderData<typeof loader>();
  const form = useFormFailure<typeof action>();
  const [search] = useSearchParams();
  return (
    <AdminPage
      title={category ? `Edit ${category.name}` : "Add a category"}
      back={["/admin/categories", "categories"]}
    >
      <Saved show={search.get("saved") === "1" && !form.failed} />
      <ErrorSummary errors={form.errors} labels={{ name: "Name", slug: "Web address name" }} />
      <Form method="post" noValidate>
        <TextField
          name="name"
          label="Name"
          defaultValue={form.value("name") ?? category?.name}
          errors={form.errors}
        />
        <TextField
          name="slug"
          label="Web address name"
          hint="Used in archive filters and open data, like anti-social-behaviour"
          defaultValue={form.value("slug") ?? category?.slug}
          errors={form.errors}
        />
        <button type="submit" className="button">
          Save
        </button>
      </Form>
    </AdminPage>
  );
}
