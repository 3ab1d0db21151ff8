import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { AdminPage, Saved } from "~/components/admin";
import { ErrorSummary, Select, TextArea, TextField, useFormFailure } from "~/components/forms";
import {
  findNeighbourhood,
  listAssembliesForAdmin,
  neighbourhoodSchema,
  saveNeighbourhood,
} from "~/domain/accounts/admin";
import { editId, found } from "~/http/admin-params.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { runAction } from "~/http/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data?.neighbourhood ? data.neighbourhood.name : "New neighbourhood"} — Administration — One Dialogue`,
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const id = editId(params.id);
  const assemblies = await listAssembliesForAdmin();
  if (id == null) return { neighbourhood: null, assemblies };
  const row = found(await findNeighbourhood(id));
  return {
    neighbourhood: {
      ...row,
      wards: row.wards.join(", "),
      postcodeDistricts: row.postcodeDistricts.join(", "),
      maxActivePriorities: String(row.maxActivePriorities),
      assemblyId: String(row.assemblyId),
      policeForceId: row.policeForceId ?? "",
      policeNeighbourhoodId: row.policeNeighbourhoodId ?? "",
    },
    assemblies,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireAdmin(request);
  const id = editId(params.id);
  const parsed = parseFormData(await readForm(request), neighbourhoodSchema);
  if (!parsed.ok) return badRequest(parsed);
  const saved = await runAction(() => saveNeighbourhood(viewer, id, parsed.data), parsed.values);
  if (!saved || !("id" in saved)) return saved;
  throw redirect(`/admin/neighbourhoods/${saved.id}?saved=1`);
}

const LABELS = {
  assemblyId: "Area assembly",
  name: "Name",
  slug: "Web address name",
  description: "Description",
  wards: "Wards",
  postcodeDistricts: "Postcode districts",
  policeForceId: "police.uk force id",
  policeNeighbourhoodId: "police.uk neighbourhood id",
  maxActivePriorities: "Most active priorities at once",
};

export default function EditNeighbourhood() {
  const { neighbourhood, assemblies } = useLoaderData<typeof loader>();
  const form = useFormFailure<typeof action>();
  const [search] = useSearchParams();
  const errors = form.errors;
  const value = (name: keyof typeof LABELS) =>
    form.value(name) ??
    (neighbourhood ? String(neighbourhood[name] ?? "") : name === "maxActivePriorities" ? "3" : "");
  return (
    <AdminPage
      title={neighbourhood ? `Edit ${neighbourhood.name}` : "Add a neighbourhood"}
      back={["/admin/neighbourhoods", "neighbourhoods"]}
    >
      <Saved show={search.get("saved") === "1" && !form.failed} />
      <ErrorSummary errors={errors} labels={LABELS} />
      <Form method="post" noValidate>
        <Select
          name="assemblyId"
          label={LABELS.assemblyId}
          placeholder="Choose an area assembly"
          options={assemblies.map((a) => ({ value: String(a.id), label: a.name }))}
          defaultValue={value("assemblyId")}
          errors={errors}
        />
        <TextField name="name" label={LABELS.name} defaultValue={value("name")} errors={errors} />
        <TextField
          name="slug"
          label={LABELS.slug}
          hint="Used in the page's address, like maltby"
          defaultValue={value("slug")}
          errors={errors}
        />
        <TextArea
          name="description"
          label={LABELS.description}
          defaultValue={value("description")}
          errors={errors}
        />
        <TextField
          name="wards"
          label={LABELS.wards}
          hint="Separate wards with commas, as postcodes.io names them"
          defaultValue={value("wards")}
          errors={errors}
        />
        <TextField
          name="postcodeDistricts"
          label={LABELS.postcodeDistricts}
          hint="Separate with commas, like S60, S65"
          defaultValue={value("postcodeDistricts")}
          errors={errors}
        />
        <TextField
          name="policeForceId"
          label={LABELS.policeForceId}
          hint="For example south-yorkshire"
          defaultValue={value("policeForceId")}
          errors={errors}
        />
        <TextField
          name="policeNeighbourhoodId"
          label={LABELS.policeNeighbourhoodId}
          defaultValue={value("policeNeighbourhoodId")}
          errors={errors}
        />
        <TextField
          name="maxActivePriorities"
          label={LABELS.maxActivePriorities}
          hint="A number from 1 to 20; 3 is usual"
          type="number"
          defaultValue={value("maxActivePriorities")}
          errors={errors}
        />
        <button type="submit" className="button">
          Save
        </button>
      </Form>
    </AdminPage>
  );
}
