import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireAdmin } from "~/auth/guards.server";
import { AdminPage } from "~/components/admin";
import { ErrorSummary, Select, TextField, useFormFailure } from "~/components/forms";
import { env } from "~/config/env.server";
import { inviteUser } from "~/domain/accounts/accounts";
import { listAgenciesForAdmin, listAssembliesForAdmin } from "~/domain/accounts/admin";
import { invitationSchema } from "~/domain/accounts/invitations";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { runAction } from "~/http/responses.server";

export const meta: MetaFunction = () => [{ title: "Invite someone — Administration — One Dialogue" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const [agencies, assemblies] = await Promise.all([listAgenciesForAdmin(), listAssembliesForAdmin()]);
  return {
    agencies: agencies.map((a) => ({ value: String(a.id), label: a.name })),
    assemblies: assemblies.map((a) => ({ value: String(a.id), label: a.name })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const viewer = await requireAdmin(request);
  const parsed = parseFormData(await readForm(request), invitationSchema);
  if (!parsed.ok) return badRequest(parsed);
  const result = await runAction(
    () => inviteUser(viewer, parsed.data, { baseUrl: env().PUBLIC_URL }),
    parsed.values,
  );
  if (!("userId" in result)) return result;
  // An existing account is added straight to the agency or assembly chosen (an administrator's
  // authority), and the next page says so, and that its name and administrator setting stayed.
  const answer = new URLSearchParams();
  if (result.existing) answer.set("existing", "1");
  if (result.told) answer.set("told", "1");
  answer.set(result.invited ? "invited" : "saved", "1");
  throw redirect(`/admin/users/${result.userId}?${answer}`);
}

const INVITE_LABELS = {
  email: "E-mail address",
  name: "Name",
  agencyId: "Agency",
  role: "Role in the agency",
  chairOfAssemblyId: "Chair of",
  isAdmin: "Administrator",
};

export default function InviteUser() {
  const { agencies, assemblies } = useLoaderData<typeof loader>();
  const form = useFormFailure<typeof action>();
  const errors = form.errors;
  return (
    <AdminPage title="Invite someone" back={["/admin/users", "people"]}>
      <p>They get an e-mail with a link to choose their own password. The link works once, for 7 days.</p>
      <p>
        If the address already has an account, it is added to the agency and assembly you choose straight
        away; its name and administrator setting stay as they are.
      </p>
      <ErrorSummary errors={errors} labels={INVITE_LABELS} />
      <Form method="post" noValidate>
        <TextField
          name="email"
          label={INVITE_LABELS.email}
          type="email"
          defaultValue={form.value("email")}
          errors={errors}
        />
        <TextField name="name" label={INVITE_LABELS.name} defaultValue={form.value("name")} errors={errors} />
        <Select
          name="agencyId"
          label={INVITE_LABELS.agencyId}
          placeholder="No agency"
          options={agencies}
          defaultValue={form.value("agencyId")}
          errors={errors}
        />
        <Select
          name="role"
          label={INVITE_LABELS.role}
          hint="Coordinators can reassign the agency's tasks and manage its members"
          options={[
            { value: "member", label: "Member" },
            { value: "coordinator", label: "Coordinator" },
          ]}
          defaultValue={form.value("role") ?? "member"}
          errors={errors}
        />
        <Select
          name="chairOfAssemblyId"
          label={INVITE_LABELS.chairOfAssemblyId}
          placeholder="Not a chair"
          options={assemblies}
          defaultValue={form.value("chairOfAssemblyId")}
          errors={errors}
        />
        <div className="mb-5">
          <label>
            <input type="checkbox" name="isAdmin" defaultChecked={form.value("isAdmin") === "on"} />{" "}
            Administrator (can change everything here)
          </label>
        </div>
        <button type="submit" className="button">
          Send the invitation
        </button>
      </Form>
    </AdminPage>
  );
}
