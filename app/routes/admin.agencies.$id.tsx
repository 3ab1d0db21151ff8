import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { AdminPage, Saved } from "~/components/admin";
import { ErrorSummary, Select, TextField, useFormFailure } from "~/components/forms";
import { agencySchema, findAgency, saveAgency } from "~/domain/accounts/admin";
import { AGENCY_KIND_NAME } from "~/domain/core/agency-kinds";
import { editId, found } from "~/http/admin-params.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { runAction } from "~/http/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.agency ? data.agency.name : "New agency"} — Administration — One Dialogue` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const id = editId(params.id);
  if (id == null) return { agency: null };
  const row = found(await findAgency(id));
  return { agency: { ...row, acknowledgeWithinWorkingDays: String(row.acknowledgeWithinWorkingDays) } };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireAdmin(request);
  const id = editId(params.id);
  const parsed = parseFormData(await readForm(request), agencySchema);
  if (!parsed.ok) return badRequest(parsed);
  const saved = await runAction(() => saveAgency(viewer, id, parsed.data), parsed.values);
  if (!("id" in saved)) return saved;
  throw redirect(`/admin/agencies/${saved.id}?saved=1`);
}

const LABELS = {
  name: "Name",
  slug: "Web address name",
  kind: "Kind of organisation",
  inboxEmail: "Team inbox e-mail",
  publicContact: "How the public contact them",
  defaultConfidentiality: "Who sees their tasks by default",
  acknowledgeWithinWorkingDays: "Accept tasks within (working days)",
};

export default function EditAgency() {
  const { agency } = useLoaderData<typeof loader>();
  const form = useFormFailure<typeof action>();
  const [search] = useSearchParams();
  const errors = form.errors;
  const defaults: Record<string, string> = {
    defaultConfidentiality: "public",
    acknowledgeWithinWorkingDays: "5",
  };
  const value = (name: keyof typeof LABELS) =>
    form.value(name) ?? (agency ? String(agency[name] ?? "") : (defaults[name] ?? ""));
  return (
    <AdminPage
      title={agency ? `Edit ${agency.name}` : "Add an agency"}
      back={["/admin/agencies", "agencies"]}
    >
      <Saved show={search.get("saved") === "1" && !form.failed} />
      {agency ? (
        <p>
          <Link to={`/agencies/${agency.id}/members`}>Team members of {agency.name}</Link>
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={LABELS} />
      <Form method="post" noValidate>
        <TextField
          name="name"
          label={LABELS.name}
          hint="The one name shown everywhere: public pages, reports, partners’ screens and e-mails."
          defaultValue={value("name")}
          errors={errors}
        />
        <TextField name="slug" label={LABELS.slug} defaultValue={value("slug")} errors={errors} />
        <Select
          name="kind"
          label={LABELS.kind}
          placeholder="Choose"
          options={Object.entries(AGENCY_KIND_NAME).map(([v, label]) => ({ value: v, label }))}
          defaultValue={value("kind")}
          errors={errors}
        />
        <TextField
          name="inboxEmail"
          label={LABELS.inboxEmail}
          type="email"
          defaultValue={value("inboxEmail")}
          errors={errors}
        />
        <TextField
          name="publicContact"
          label={LABELS.publicContact}
          hint="A phone number or web page residents can use"
          defaultValue={value("publicContact")}
          errors={errors}
        />
        <Select
          name="defaultConfidentiality"
          label={LABELS.defaultConfidentiality}
          hint="Youth offending work is usually partners only"
          options={[
            { value: "public", label: "Public (updates can be published)" },
            { value: "partners_only", label: "Partners only" },
          ]}
          defaultValue={value("defaultConfidentiality")}
          errors={errors}
        />
        <TextField
          name="acknowledgeWithinWorkingDays"
          label={LABELS.acknowledgeWithinWorkingDays}
          type="number"
          defaultValue={value("acknowledgeWithinWorkingDays")}
          errors={errors}
        />
        <button type="submit" className="button">
          Save
        </button>
      </Form>
    </AdminPage>
  );
}
