import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { requireCoordinatorOf } from "~/auth/guards.server";
import { ScrollRegion } from "~/components/charts";
import { ErrorSummary, Select, TextField, useFormFailure } from "~/components/forms";
import { env } from "~/config/env.server";
import { removeMembership, setMembershipRole } from "~/domain/accounts/accounts";
import {
  inviteToAgency,
  listPendingInvitations,
  withdrawAgencyInvitation,
} from "~/domain/accounts/agency-invitations";
import { getAgencyTeam } from "~/domain/accounts/agency-members";
import { invitationSchema } from "~/domain/accounts/invitations";
import { idSchema } from "~/domain/core/ids";
import { dayInWords } from "~/domain/core/words";
import { badRequest, formProblem, parseFormData, readForm } from "~/http/forms.server";
import { pathParams } from "~/http/public-params.server";
import { runAction } from "~/http/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Team members of ${data?.agency.name ?? "the agency"} — One Dialogue` },
];

const params = z.object({ agencyId: idSchema });

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { agencyId } = pathParams(params, raw);
  const viewer = await requireCoordinatorOf(request, agencyId);
  const [team, pending] = await Promise.all([
    getAgencyTeam(viewer, agencyId),
    listPendingInvitations(viewer, agencyId),
  ]);
  return {
    ...team,
    pending: pending.map((p) => ({
      id: p.id,
      email: p.email,
      name: p.name,
      role: p.role,
      sent: dayInWords(p.sentAt),
      expires: dayInWords(p.expiresAt),
    })),
    me: viewer.userId,
  };
}

const userField = z.object({ userId: idSchema });
const invitationField = z.object({ invitationId: idSchema });

export async function action({ request, params: raw }: ActionFunctionArgs) {
  const { agencyId } = pathParams(params, raw);
  const viewer = await requireCoordinatorOf(request, agencyId);
  const form = await readForm(request);
  const intent = form.get("intent");
  if (intent === "invite") {
    const parsed = parseFormData(form, invitationSchema.pick({ email: true, name: true, role: true }));
    if (!parsed.ok) return badRequest(parsed);
    // The same answer whether or not the address has an account: nobody joins until they accept.
    const done = await runAction(
      () => inviteToAgency(viewer, { ...parsed.data, agencyId }, { baseUrl: env().PUBLIC_URL }),
      parsed.values,
    );
    if (!("invitationId" in done)) return done;
    throw redirect(`/agencies/${agencyId}/members?invited=1`);
  }
  if (intent === "withdraw") {
    const parsed = parseFormData(form, invitationField);
    if (!parsed.ok) return badRequest(parsed);
    const done = await runAction(
      () => withdrawAgencyInvitation(viewer, agencyId, parsed.data.invitationId),
      parsed.values,
    );
    if (done) return done;
    throw redirect(`/agencies/${agencyId}/members?withdrawn=1`);
  }
  if (intent === "role") {
    const parsed = parseFormData(
      form,
      userField.extend({ role: z.enum(["member", "coordinator"], { error: "Choose a role" }) }),
    );
    if (!parsed.ok) return badRequest(parsed);
    let told = false;
    const done = await runAction(async () => {
      told = await setMembershipRole(viewer, agencyId, parsed.data.userId, parsed.data.role);
    }, parsed.values);
    if (done) return done;
    throw redirect(`/agencies/${agencyId}/members?saved=1${told ? "&told=1" : ""}`);
  }
  if (intent === "remove") {
    const parsed = parseFormData(form, userField);
    if (!parsed.ok) return badRequest(parsed);
    const done = await runAction(() => removeMembership(viewer, agencyId, parsed.data.userId), parsed.values);
    if (done) return done;
    throw redirect(`/agencies/${agencyId}/members?removed=1`);
  }
  return badRequest(formProblem("Unknown form", {}));
}

export default function AgencyMembers() {
  const { agency, members, pending, me } = useLoaderData<typeof loader>();
  const form = useFormFailure<typeof action>();
  const [search] = useSearchParams();
  const errors = form.errors;
  const done = search.get("invited")
    ? "Invitation sent. They join the team when they accept it."
    : search.get("withdrawn")
      ? "Invitation withdrawn."
      : search.get("removed")
        ? "Removed from the team."
        : search.get("saved")
          ? search.get("told")
            ? "Saved. They have been e-mailed to say so."
            : "Saved."
          : "";
  return (
    <div className="max-w-3xl">
      <h1>Team members of {agency.name}</h1>
      {done && !form.failed ? (
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
      <h2 className="mt-8">Invitations waiting for an answer</h2>
      {pending.length ? (
        <ScrollRegion label="Invitations waiting for an answer: table">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Invited</th>
                <th scope="col">Role</th>
                <th scope="col">Sent</th>
                <th scope="col">Expires</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {pending.map((p) => (
                <tr key={p.id}>
                  <td>
                    {p.name}
                    <span className="block text-sm text-muted">{p.email}</span>
                  </td>
                  <td>{p.role === "coordinator" ? "Coordinator" : "Member"}</td>
                  <td>{p.sent}</td>
                  <td>{p.expires}</td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="withdraw" />
                      <input type="hidden" name="invitationId" value={p.id} />
                      <button type="submit" className="link-button">
                        Withdraw<span className="sr-only"> the invitation to {p.email}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : (
        <p>None.</p>
      )}
      <h2 className="mt-8">Invite someone to the team</h2>
      <p>
        They get an e-mail and join the team only when they accept, whether or not they already use One
        Dialogue. The invitation lasts 7 days.
      </p>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="invite" />
        <TextField
          name="email"
          label="E-mail address"
          type="email"
          defaultValue={form.value("email")}
          errors={errors}
        />
        <TextField name="name" label="Name" defaultValue={form.value("name")} errors={errors} />
        <Select
          name="role"
          label="Role"
          options={[
            { value: "member", label: "Member" },
            { value: "coordinator", label: "Coordinator" },
          ]}
          defaultValue={form.value("role") ?? "member"}
          errors={errors}
        />
        <button type="submit" className="button">
          Send the invitation
        </button>
      </Form>
    </div>
  );
}
