// The link in a "join the team?" e-mail: the invited person, signed in as
// themselves, accepts or declines. Anyone not signed in is sent to sign in
// and brought back here.
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import {
  AgencyInvitationProblem,
  answerAgencyInvitation,
  describeAgencyInvitation,
} from "~/domain/accounts/agency-invitations";
import { dayInWords } from "~/domain/core/words";
import { clientAddress } from "~/http/client-address.server";
import { NO_STORE } from "~/http/conditional.server";
import { parseFormData, readForm } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "Invitation to join a team — One Dialogue" }];

const headers = { "Cache-Control": NO_STORE, "Referrer-Policy": "no-referrer" };
const ROLE_WORDS = { member: "a member", coordinator: "a coordinator" } as const;

function problemResponse(error: AgencyInvitationProblem) {
  const status = error.reason === "wrong_account" ? 403 : error.reason === "missing" ? 404 : 410;
  return data(
    { ok: false as const, problem: error.message, invitation: null, done: null },
    { status, headers },
  );
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  try {
    const invitation = await describeAgencyInvitation(viewer, params.token ?? "");
    return data(
      {
        ok: true as const,
        problem: null,
        invitation: {
          agencyName: invitation.agencyName,
          role: invitation.role,
          inviterName: invitation.inviterName,
          expires: dayInWords(invitation.expiresAt),
        },
        done: null,
      },
      { headers },
    );
  } catch (error) {
    if (error instanceof AgencyInvitationProblem) return problemResponse(error);
    throw error;
  }
}

const answerSchema = z.object({
  answer: z.enum(["accept", "decline"], { error: "Choose to accept or decline" }),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const parsed = parseFormData(await readForm(request), answerSchema);
  if (!parsed.ok) {
    return data(
      { ok: false as const, problem: "Choose to accept or decline.", invitation: null, done: null },
      { status: 400, headers },
    );
  }
  try {
    const joined = await answerAgencyInvitation(viewer, params.token ?? "", parsed.data.answer, {
      address: clientAddress(context),
    });
    const done =
      parsed.data.answer === "accept"
        ? `You have joined ${joined.agencyName} as ${ROLE_WORDS[joined.role]}.`
        : `You declined the invitation to join ${joined.agencyName}.`;
    // After declining, the person may be in no team at all: the inbox would refuse them.
    const next =
      parsed.data.answer === "accept"
        ? { to: "/partner", label: "Go to your agency's work" }
        : { to: "/", label: "Go to the home page" };
    return data({ ok: true as const, problem: null, invitation: null, done, next }, { headers });
  } catch (error) {
    if (error instanceof AgencyInvitationProblem) return problemResponse(error);
    throw error;
  }
}

export default function AgencyInvitation() {
  const page = useLoaderData<typeof loader>();
  const answered = useActionData<typeof action>();
  const done = answered?.done;
  const next = answered && "next" in answered ? answered.next : null;
  const problem = answered?.problem ?? page.problem;
  const invitation = page.invitation;
  if (done) {
    return (
      <div className="max-w-2xl">
        <h1>Invitation to join a team</h1>
        <p className="notice" role="status">
          {done}
        </p>
        <p>
          <Link to={next?.to ?? "/partner"} className="inline-block min-h-6 py-0.5">
            {next?.label ?? "Go to your agency's work"}
          </Link>
        </p>
      </div>
    );
  }
  if (problem || !invitation) {
    return (
      <div className="max-w-2xl">
        <h1>Invitation to join a team</h1>
        <p className="notice" role="alert">
          {problem}
        </p>
        <p>
          <Link to="/" className="inline-block min-h-6 py-0.5">
            Go to the home page
          </Link>
        </p>
      </div>
    );
  }
  const role = invitation.role === "coordinator" ? "coordinator" : "member";
  return (
    <div className="max-w-2xl">
      <h1>
        Join {invitation.agencyName} as {ROLE_WORDS[role]}?
      </h1>
      <p>
        {invitation.inviterName ?? "A coordinator"} has invited you to join the {invitation.agencyName} team
        on One Dialogue. As {ROLE_WORDS[role]} you will see and work the tasks given to{" "}
        {invitation.agencyName}
        {role === "coordinator" ? ", reassign them and manage who is in the team" : ""}.
      </p>
      <p>The invitation lasts until {invitation.expires}.</p>
      <div className="flex flex-wrap gap-4">
        <Form method="post">
          <input type="hidden" name="answer" value="accept" />
          <button type="submit" className="button">
            Accept and join {invitation.agencyName}
          </button>
        </Form>
        <Form method="post">
          <input type="hidden" name="answer" value="decline" />
          <button type="submit" className="button button-secondary">
            Decline
          </button>
        </Form>
      </div>
    </div>
  );
}
