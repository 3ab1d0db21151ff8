import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireAdmin, type SignedIn } from "~/auth/guards.server";
import { AdminPage, Saved } from "~/components/admin";
import { ErrorSummary, Select, TextField, useFormFailure } from "~/components/forms";
import { endAllSessionsOf, removeMembership, setUserActive } from "~/domain/accounts/accounts";
import {
  addMembership,
  getUserForAdmin,
  listAgenciesForAdmin,
  listAssembliesForAdmin,
  membershipSchema,
  setChairRole,
  updateUser,
  userEditSchema,
} from "~/domain/accounts/admin";
import { idSchema } from "~/domain/core/ids";
import { found } from "~/http/admin-params.server";
import { badRequest, type FormFailure, formProblem, parseFormData, readForm } from "~/http/forms.server";
import { pathParams } from "~/http/public-params.server";
import { runAction } from "~/http/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.name ?? "Person"} — Administration — One Dialogue` },
];

const params = z.object({ id: idSchema });

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const { id } = pathParams(params, raw);
  const [user, agencies, assemblies] = await Promise.all([
    getUserForAdmin(id),
    listAgenciesForAdmin(),
    listAssembliesForAdmin(),
  ]);
  return {
    user: found(user),
    agencies: agencies.map((a) => ({ value: String(a.id), label: a.name })),
    assemblies: assemblies.map((a) => ({ value: String(a.id), label: a.name })),
  };
}

const none = z.object({});

/** One form per intent on this page: it parses its own input, then makes its domain call. */
type Intent = (form: FormData) => FormFailure | ((viewer: SignedIn, userId: number) => Promise<unknown>);

function intent<S extends z.ZodType>(
  schema: S,
  run: (viewer: SignedIn, userId: number, input: z.infer<S>) => Promise<unknown>,
): Intent {
  return (form) => {
    const parsed = parseFormData(form, schema);
    return parsed.ok ? (viewer, userId) => run(viewer, userId, parsed.data) : parsed;
  };
}

const intents: Record<string, Intent> = {
  details: intent(userEditSchema, (viewer, id, input) => updateUser(viewer, id, input)),
  "add-membership": intent(membershipSchema, (viewer, id, input) => addMembership(viewer, id, input)),
  "remove-membership": intent(z.object({ agencyId: idSchema }), (viewer, id, input) =>
    removeMembership(viewer, input.agencyId, id),
  ),
  "add-chair": intent(z.object({ assemblyId: idSchema }), (viewer, id, input) =>
    setChairRole(viewer, id, input.assemblyId, true),
  ),
  "remove-chair": intent(z.object({ assemblyId: idSchema }), (viewer, id, input) =>
    setChairRole(viewer, id, input.assemblyId, false),
  ),
  deactivate: intent(none, (viewer, id) => setUserActive(viewer, id, false)),
  reactivate: intent(none, (viewer, id) => setUserActive(viewer, id, true)),
  "end-sessions": intent(none, (viewer, id) => endAllSessionsOf(viewer, id)),
};

export async function action({ request, params: raw }: ActionFunctionArgs) {
  const viewer = await requireAdmin(request);
  const { id } = pathParams(params, raw);
  const form = await readForm(request);
  const chosen = intents[String(form.get("intent") ?? "")];
  if (!chosen) {
    return badRequest(formProblem("Unknown form", {}));
  }
  const run = chosen(form);
  if (typeof run !== "function") return badRequest(run);
  // Adding someone to a team or making them a chair answers whether they were told by e-mail.
  let told = false;
  const done = await runAction(async () => {
    told = (await run(viewer, id)) === true;
  });
  if (done) return done;
  throw redirect(`/admin/users/${id}?saved=1${told ? "&told=1" : ""}`);
}

export default function EditUser() {
  const { user, agencies, assemblies } = useLoaderData<typeof loader>();
  const form = useFormFailure<typeof action>();
  const [search] = useSearchParams();
  const errors = form.errors;
  return (
    <AdminPage title={user.name} back={["/admin/users", "people"]}>
      <Saved show={search.get("existing") === "1" && !form.failed}>
        {user.email} already had an account, so no new one was made: it is now in the agency and assembly you
        chose{search.get("invited") === "1" ? ", and a new invitation to choose a password was sent" : ""}
        {search.get("told") === "1" ? ", and they have been e-mailed to say so" : ""}. Its name and
        administrator setting were not changed; change them below if needed.
      </Saved>
      <Saved show={search.get("invited") === "1" && search.get("existing") !== "1" && !form.failed}>
        Invitation sent to {user.email}.
      </Saved>
      <Saved show={search.get("saved") === "1" && search.get("existing") !== "1" && !form.failed}>
        {search.get("told") === "1" ? `Saved. ${user.name} has been e-mailed to say so.` : "Saved."}
      </Saved>
      <ErrorSummary
        errors={errors}
        labels={{ name: "Name", agencyId: "Agency", role: "Role", isAdmin: "Administrator" }}
      />
      <p>
        {user.email} ·{" "}
        {!user.active ? "Deactivated" : user.hasPassword ? "Active" : "Invited, not yet accepted"} ·{" "}
        {user.sessions} signed-in session{user.sessions === 1 ? "" : "s"} ·{" "}
        <Link to={`/admin/audit?user=${user.id}`}>Their audit trail</Link>
      </p>

      <h2>Details</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="details" />
        <TextField name="name" label="Name" defaultValue={form.value("name") ?? user.name} errors={errors} />
        <div className="mb-5">
          <label>
            <input type="checkbox" name="isAdmin" defaultChecked={user.isAdmin} /> Administrator
          </label>
        </div>
        <button type="submit" className="button">
          Save details
        </button>
      </Form>

      <h2 className="mt-8">Agencies</h2>
      {user.memberships.length ? (
        <ul className="space-y-2">
          {user.memberships.map((m) => (
            <li key={m.agencyId}>
              <Form method="post" className="flex flex-wrap items-center gap-3">
                {m.name} ({m.role === "coordinator" ? "coordinator" : "member"})
                <input type="hidden" name="intent" value="remove-membership" />
                <input type="hidden" name="agencyId" value={m.agencyId} />
                <button type="submit" className="link-button">
                  Remove<span className="sr-only"> from {m.name}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p>Not in any agency.</p>
      )}
      <Form method="post" noValidate className="mt-4">
        <input type="hidden" name="intent" value="add-membership" />
        <Select
          name="agencyId"
          label="Add to agency"
          placeholder="Choose an agency"
          options={agencies}
          errors={errors}
        />
        <Select
          name="role"
          label="Role"
          options={[
            { value: "member", label: "Member" },
            { value: "coordinator", label: "Coordinator" },
          ]}
          defaultValue="member"
          errors={errors}
        />
        <button type="submit" className="button-secondary">
          Add to agency
        </button>
      </Form>

      <h2 className="mt-8">Chair of</h2>
      {user.chairs.length ? (
        <ul className="space-y-2">
          {user.chairs.map((c) => (
            <li key={c.assemblyId}>
              <Form method="post" className="flex flex-wrap items-center gap-3">
                {c.name}
                <input type="hidden" name="intent" value="remove-chair" />
                <input type="hidden" name="assemblyId" value={c.assemblyId} />
                <button type="submit" className="link-button">
                  Remove<span className="sr-only"> as chair of {c.name}</span>
                </button>
              </Form>
            </li>
          ))}
        </ul>
      ) : (
        <p>Not a chair.</p>
      )}
      <Form method="post" noValidate className="mt-4">
        <input type="hidden" name="intent" value="add-chair" />
        <Select
          name="assemblyId"
          label="Make chair of"
          placeholder="Choose an area assembly"
          options={assemblies}
          errors={errors}
        />
        <button type="submit" className="button-secondary">
          Add as chair
        </button>
      </Form>

      <h2 className="mt-8">Access</h2>
      <div className="flex flex-wrap gap-4">
        <Form method="post">
          <input type="hidden" name="intent" value="end-sessions" />
          <button type="submit" className="button-secondary">
            Sign them out everywhere
          </button>
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value={user.active ? "deactivate" : "reactivate"} />
          <button type="submit" className={user.active ? "button-warning" : "button"}>
            {user.active ? "Deactivate account" : "Reactivate account"}
          </button>
        </Form>
      </div>
      <p className="mt-2 text-muted">Deactivating ends their sessions at once. Their history stays.</p>
    </AdminPage>
  );
}
