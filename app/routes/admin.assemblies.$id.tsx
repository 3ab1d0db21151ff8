import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { AdminPage, Saved } from "~/components/admin";
import { ErrorSummary, TextArea, TextField, useFormFailure } from "~/components/forms";
import { assemblySchema, findAssembly, saveAssembly } from "~/domain/accounts/admin";
import { editId, found } from "~/http/admin-params.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { runAction } from "~/http/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.assembly ? data.assembly.name : "New area assembly"} — Administration — One Dialogue` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const id = editId(params.id);
  if (id == null) return { assembly: null };
  return { assembly: found(await findAssembly(id)) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireAdmin(request);
  const id = editId(params.id);
  const parsed = parseFormData(await readForm(request), assemblySchema);
  if (!parsed.ok) return badRequest(parsed);
  const saved = await runAction(() => saveAssembly(viewer, id, parsed.data), parsed.values);
  if (!("id" in saved)) return saved;
  throw redirect(`/admin/assemblies/${saved.id}?saved=1`);
}

const LABELS = { name: "Name", slug: "Web address name", description: "Description" };

export default function EditAssembly() {
  const { assembly } = useLoaderData<typeof loader>();
  const form = useFormFailure<typeof action>();
  const [search] = useSearchParams();
  const value = (name: keyof typeof LABELS) => form.value(name) ?? assembly?.[name] ?? "";
  return (
    <AdminPage
      title={assembly ? `Edit ${assembly.name}` : "Add an area assembly"}
      back={["/admin/assemblies", "area assemblies"]}
    >
      <Saved show={search.get("saved") === "1" && !form.failed} />
      <ErrorSummary errors={form.errors} labels={LABELS} />
      <Form method="post" noValidate>
        <TextField name="name" label={LABELS.name} defaultValue={value("name")} errors={form.errors} />
        <TextField
          name="slug"
          label={LABELS.slug}
          hint="Lower-case letters, numbers and hyphens, like rotherham-south"
          defaultValue={value("slug")}
          errors={form.errors}
        />
        <TextArea
          name="description"
          label={LABELS.description}
          defaultValue={value("description")}
          errors={form.errors}
        />
        <button type="submit" className="button">
          Save
        </button>
      </Form>
    </AdminPage>
  );
}
