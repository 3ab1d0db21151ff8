import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/guards.server";
import { ErrorSummary, useFormFailure } from "~/components/forms";
import { changeMailPreference, mailPreferenceOf } from "~/domain/accounts/accounts";
import { clientAddress } from "~/http/client-address.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { mailPreferenceSchema } from "~/http/task-forms.server";

const LABELS = { mailPreference: "How do you want e-mails about tasks?" };

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  return {
    mailPreference: await mailPreferenceOf(viewer.userId),
    saved: new URL(request.url).searchParams.get("saved") === "1",
    inAgency: viewer.agencies.size > 0 || viewer.isAdmin,
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const parsed = parseFormData(await readForm(request), mailPreferenceSchema);
  if (!parsed.ok) return badRequest(parsed);
  await changeMailPreference(viewer, parsed.data.mailPreference, { address: clientAddress(context) });
  throw redirect("/partner/settings?saved=1");
}

export const meta: MetaFunction = () => [{ title: "Your e-mail settings — One Dialogue" }];

export default function MailSettings() {
  const { mailPreference, saved, inAgency } = useLoaderData<typeof loader>();
  const form = useFormFailure<typeof action>();
  const errors = form.errors;
  return (
    <>
      <h1>Your e-mail settings</h1>
      {saved ? (
        <div role="status" className="mb-6 border-4 border-green-800 p-4">
          <p className="mb-0 font-bold">Your choice is saved.</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors} labels={LABELS} />
      <Form method="post" noValidate>
        <fieldset
          className={`mb-6 ${errors?.mailPreference ? "border-l-4 border-red-700 pl-3" : ""}`}
          aria-describedby="mailPreference-hint"
        >
          <legend className="field-label text-lg">{LABELS.mailPreference}</legend>
          <p id="mailPreference-hint" className="mb-3 text-muted">
            Urgent e-mails always come straight away: a task not accepted in time, a task now overdue, a task
            declined. This choice is for the rest: tasks given to you and tasks due in two working days.
          </p>
          {errors?.mailPreference ? (
            <p className="field-error mb-1">
              <span className="sr-only">Error: </span>
              {errors.mailPreference[0]}
            </p>
          ) : null}
          <div className="mb-3 flex items-start gap-2">
            <input
              type="radio"
              id="mailPreference"
              name="mailPreference"
              value="immediate"
              defaultChecked={mailPreference === "immediate"}
              className="h-8 w-8 shrink-0"
            />
            <label htmlFor="mailPreference">
              <strong>Straight away</strong>: one e-mail for each thing as it happens
            </label>
          </div>
          <div className="mb-3 flex items-start gap-2">
            <input
              type="radio"
              id="mailPreference-digest"
              name="mailPreference"
              value="digest"
              defaultChecked={mailPreference === "digest"}
              className="h-8 w-8 shrink-0"
            />
            <label htmlFor="mailPreference-digest">
              <strong>In a weekly digest</strong>: one e-mail each Monday listing your agency’s new, overdue
              and due-this-week tasks
            </label>
          </div>
        </fieldset>
        <button type="submit" className="button">
          Save
        </button>
      </Form>
      {inAgency ? (
        <p className="mt-6">
          <Link to="/partner">Back to your task inbox</Link>
        </p>
      ) : null}
    </>
  );
}
