import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, readFormFailure, TextField } from "~/components/forms";
import { env } from "~/config/env.server";
import { emailSchema, requestPasswordReset } from "~/domain/accounts/accounts";
import { clientAddress } from "~/http/client-address.server";
import { NO_STORE } from "~/http/conditional.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "Forgotten your password? — One Dialogue" }];

const schema = z.object({ email: emailSchema });

export async function loader(_: LoaderFunctionArgs) {
  return data({}, { headers: { "Cache-Control": NO_STORE } });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  const parsed = parseFormData(form, schema);
  if (!parsed.ok) return badRequest(parsed);
  // The same answer whether or not the address has an account (or the limit was reached).
  await requestPasswordReset(parsed.data.email, {
    baseUrl: env().PUBLIC_URL,
    address: clientAddress(context),
  });
  return data({ ok: true as const, sentTo: parsed.data.email });
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  if (result && "sentTo" in result) {
    return (
      <div className="max-w-xl">
        <h1>Check your e-mail</h1>
        <p>
          If {result.sentTo} belongs to an account, we have sent it a link to choose a new password. The link
          works for 2 hours.
        </p>
        <p>If nothing arrives within a few minutes, check your junk mail folder or ask your administrator.</p>
        <p>
          <Link to="/login">Back to sign in</Link>
        </p>
      </div>
    );
  }
  const form = readFormFailure(result);
  return (
    <div className="max-w-xl">
      <h1>Forgotten your password?</h1>
      <p>Enter the e-mail address you sign in with and we will send you a link to choose a new password.</p>
      <ErrorSummary errors={form.errors} labels={{ email: "E-mail address" }} />
      <Form method="post" noValidate>
        <TextField
          name="email"
          label="E-mail address"
          type="email"
          autoComplete="username"
          defaultValue={form.value("email")}
          errors={form.errors}
        />
        <button type="submit" className="button">
          Send the link
        </button>
      </Form>
    </div>
  );
}
