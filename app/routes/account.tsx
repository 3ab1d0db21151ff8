import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { ErrorSummary, readFormFailure, TextField } from "~/components/forms";
import {
  changeMailPreference,
  changeName,
  changePassword,
  mailPreferenceOf,
  passwordSchema,
} from "~/domain/accounts/accounts";
import { clientAddress } from "~/http/client-address.server";
import { NO_STORE } from "~/http/conditional.server";
import { badRequest, formProblem, parseFormData, readForm, text } from "~/http/forms.server";
import { runAction } from "~/http/responses.server";

export const meta: MetaFunction = () => [{ title: "Your account — One Dialogue" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  return data(
    { name: viewer.name, email: viewer.email, mailPreference: await mailPreferenceOf(viewer.userId) },
    { headers: { "Cache-Control": NO_STORE } },
  );
}

const schemas = {
  name: z.object({ name: text("your name", 120) }),
  password: z
    .object({
      current: z
        .string({ error: "Enter your current password" })
        .min(1, "Enter your current password")
        .max(200),
      next: passwordSchema,
      confirm: z.string({ error: "Enter the new password again" }),
    })
    .refine((v) => v.next === v.confirm, {
      path: ["confirm"],
      message: "The two new passwords do not match",
    }),
  mail: z.object({
    mailPreference: z.enum(["immediate", "digest"], { error: "Choose how you want reminders" }),
  }),
};

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const form = await readForm(request);
  const intent = form.get("intent");
  const saved = { ok: true as const, intent, saved: true };
  if (intent === "name") {
    const parsed = parseFormData(form, schemas.name);
    if (!parsed.ok) return badRequest({ ...parsed, intent });
    return runAction(async () => {
      await changeName(viewer, parsed.data.name);
      return saved;
    }, parsed.values);
  }
  if (intent === "mail") {
    const parsed = parseFormData(form, schemas.mail);
    if (!parsed.ok) return badRequest({ ...parsed, intent });
    return runAction(async () => {
      await changeMailPreference(viewer, parsed.data.mailPreference, { address: clientAddress(context) });
      return saved;
    }, parsed.values);
  }
  if (intent === "password") {
    const parsed = parseFormData(form, schemas.password);
    if (!parsed.ok) return badRequest({ ...parsed, intent });
    return runAction(async () => {
      await changePassword(viewer, parsed.data, clientAddress(context));
      return saved;
    }, parsed.values);
  }
  return badRequest({ ...formProblem("Unknown form", {}), intent: "" });
}

export default function Account() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const form = readFormFailure(result);
  // A refusal from the domain (a wrong current password) carries no intent: it is the password form's.
  const failedIntent = form.failure && "intent" in form.failure ? form.failure.intent : "password";
  const errorsFor = (intent: string) => (failedIntent === intent ? form.errors : undefined);
  const passwordErrors = failedIntent === "password" || failedIntent === "" ? form.errors : undefined;
  return (
    <div className="max-w-2xl">
      <h1>Your account</h1>
      <p>You sign in as {page.email}. To change your e-mail address, ask an administrator.</p>
      {result && "saved" in result ? (
        <p className="notice" role="status">
          {result.intent === "password"
            ? "Your password is changed. You have been signed out everywhere else."
            : "Saved."}
        </p>
      ) : null}
      <ErrorSummary
        errors={errorsFor("name") ?? passwordErrors ?? errorsFor("mail")}
        labels={{
          name: "Name",
          current: "Current password",
          next: "New password",
          confirm: "New password again",
        }}
      />
      <h2>Your name</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="name" />
        <TextField
          name="name"
          label="Name"
          autoComplete="name"
          defaultValue={page.name}
          errors={errorsFor("name")}
        />
        <button type="submit" className="button">
          Save name
        </button>
      </Form>
      <h2 className="mt-8">Reminders by e-mail</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="mail" />
        <fieldset>
          <legend className="field-label">How do you want non-urgent e-mails?</legend>
          <p>
            <label>
              <input
                type="radio"
                name="mailPreference"
                value="immediate"
                defaultChecked={page.mailPreference === "immediate"}
              />{" "}
              As they happen
            </label>
          </p>
          <p>
            <label>
              <input
                type="radio"
                name="mailPreference"
                value="digest"
                defaultChecked={page.mailPreference === "digest"}
              />{" "}
              In one weekly digest (overdue and urgent reminders still come straight away)
            </label>
          </p>
        </fieldset>
        <button type="submit" className="button">
          Save choice
        </button>
      </Form>
      <h2 className="mt-8">Change your password</h2>
      <Form method="post" noValidate>
        <input type="hidden" name="intent" value="password" />
        <input type="hidden" name="username" value={page.email} autoComplete="username" />
        <TextField
          name="current"
          label="Current password"
          type="password"
          autoComplete="current-password"
          errors={passwordErrors}
        />
        <TextField
          name="next"
          label="New password"
          hint="At least 10 characters. Changing it signs you out everywhere else."
          type="password"
          autoComplete="new-password"
          errors={passwordErrors}
        />
        <TextField
          name="confirm"
          label="New password again"
          type="password"
          autoComplete="new-password"
          errors={passwordErrors}
        />
        <button type="submit" className="button">
          Change password
        </button>
      </Form>
    </div>
  );
}
