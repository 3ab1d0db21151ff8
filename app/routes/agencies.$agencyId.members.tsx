import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireCoordinatorOf } from "~/auth/guards.server";
import { ScrollRegion } from "~/components/charts";
import { ErrorSummary, Select, TextField } from "~/components/forms";
import { inviteUser, removeMembership, setMembershipRole } from "~/domain/accounts";
import { getAgencyTeam } from "~/domain/agency-members";
import { invitationSchema } from "~/domain/invitations";
import { env } from "~/env.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { pathParams, recordId } from "~/http/public-params.server";
import { runAction } from "~/http/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Team members of ${data?.agency.name ?? "the agency"} — One Dialogue` },
];

const params = z.object({ agencyId: recordId });

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { agencyId } = pathParams(params, raw);
  const viewer = await requireCoordinatorOf(request, agencyId);
  return { ...(await getAgencyTeam(viewer, agencyId)), me: viewer.userId };
}

const userField = z.object({ userId: z.coerce.number().int().positive().max(2_147_483_647) });

export async function action({ request, params: raw }: ActionFunctionArgs) {
  const { agencyId } = pathParams(params, raw);
  const viewer = await requireCoordinatorOf(request, agencyId);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "invite") {
    const parsed = parseFormData(form, invitationSchema.pick({ email: true, name: true, role: true }));
    if (!parsed.ok) return badRequest(parsed);
    const result = await runAction(() =>
      inviteUser(viewer, { ...parsed.data, agencyId }, { baseUrl: env().PUBLIC_URL }),
    );
    if (!("userId" in result)) return result;
    throw redirect(`/agencies/${agencyId}/members?${result.invited ? "invited" : "added"}=1`);
  }
  if (intent === "role") {
    const parsed = parseFormData(
      form,
      userField.extend({ role: z.enum(["member", "coordinator"], { error: "Choose a role" }) }),
    );
    if (!parsed.ok) return badRequest(parsed);
    const done = await runAction(() =>
      setMembershipRole(viewer, agencyId, parsed.data.userId, parsed.data.role),
    );
    if (done) return done;
    throw redirect(`/agencies/${agencyId}/members?saved=1`);
  }
  if (intent === "remove") {
    const parsed = parseFormData(form, userField);
    if (!parsed.ok) return badRequest(parsed);
    const done = await runAction(() => removeMembership(viewer, agencyId, parsed.data.userId));
    if (done) return done;
    throw redirect(`/agencies/${agencyId}/members?removed=1`);
  }
  return data(
    { ok: false as const, message: "Unknown form", fieldErrors: { form: ["Unknown form"] }, values: {} },
    { status: 400 },
  );
}

export default function AgencyMembers() {
  const { agency, members, me } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>() as
    | { fieldErrors?: Record<string, string[] | undefined>; values?: Record<string, string> }
    | undefined;
  const [search] = useSearchParams();
  const errors = failure?.fieldErrors;
  const done = search.get("invited")
    ? "Invitation sent."
    : search.get("added")
      ? "They already had an account and are now in the team."
      : search.get("removed")
        ? "Removed from the team."
        : search.get("saved")
          ? "Saved."
          : "";
  return (
    <div className="max-w-3xl">
      <h1>Team members of {agency.name}</h1>
      {done && !failure ? (
        <p className="notice" role="status">
          {done}
        </p>
      ) : null}
      <ErrorSummary errors={errors} labels={{ email: "E-mail address", name: "Name", role: "Role" }} />
      <ScrollRegion label="Team members: table">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Role</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td>
                  {m.name}
                  <span className="block text-sm text-muted">
                    {m.email}
                    {!m.active ? " · deactivated" : !m.accepted ? " · invited, not yet accepted" : ""}
                  </span>
                </td>
                <td>
                  <Form method="post" className="flex flex-wrap items-center gap-2">
                    <input type="hidden" name="intent" value="role" />
                    <input type="hidden" name="userId" value={m.userId} />
                    <label htmlFor={`role-${m.userId}`} className="sr-only">
                      Role of {m.name}
                    </label>
                    <select
                      id={`role-${m.userId}`}
                      name="role"
                      defaultValue={m.role}
                      className="border-2 p-1"
                    >
                      <option value="member">Member</option>
                      <option value="coordinator">Coordinator</option>
                    </select>
                    <button type="submit" className="link-button">
                      Change<span className="sr-only"> role of {m.name}</span>
                    </button>
                  </Form>
                </td>
                <td>
                  {m.userId !== me ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="userId" value={m.userId} />
                      <button type="submit" className="link-button">
                        Remove<span className="sr-only"> {m.name} from the team</span>
                      </button>
                    </Form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <h2 className="mt-8">Invite someone to the team</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="invite" />
        <TextField
          name="email"
          label="E-mail address"
          type="email"
          defaultValue={failure?.values?.email}
          errors={errors}
        />
        <TextField name="name" label="Name" defaultValue={failure?.values?.name} errors={errors} />
        <Select
          name="role"
          label="Role"
          options={[
            { value: "member", label: "Member" },
            { value: "coordinator", label: "Coordinator" },
          ]}
          defaultValue={failure?.values?.role ?? "member"}
          errors={errors}
        />
        <button type="submit" className="button">
          Send the invitation
        </button>
      </Form>
    </div>
  );
}
