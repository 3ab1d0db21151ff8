import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { authenticate, signInSchema } from "~/auth/authenticator.server";
import { getViewer, safeRedirect } from "~/auth/guards.server";
import { homeFor } from "~/auth/home.server";
import { endSession, sessionIdFrom, startSession } from "~/auth/session.server";
import { ErrorSummary, TextField, useFormFailure } from "~/components/forms";
import { SignInRefused } from "~/domain/accounts/accounts";
import { loadViewer } from "~/domain/accounts/viewers";
import { clientAddress } from "~/http/client-address.server";
import { NO_STORE } from "~/http/conditional.server";
import { badRequest, formProblem, parseFormData, readForm } from "~/http/forms.server";

export const meta: MetaFunction = () => [{ title: "Sign in — One Dialogue" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const returnTo = url.searchParams.get("returnTo");
  const viewer = await getViewer(request);
  if (viewer) throw redirect(safeRedirect(returnTo, homeFor(viewer)));
  return data(
    { returnTo: returnTo ? safeRedirect(returnTo, "") : "", reset: url.searchParams.get("reset") === "1" },
    { headers: { "Cache-Control": NO_STORE } },
  );
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request.clone());
  const returnTo = safeRedirect(form.get("returnTo"), "");
  const parsed = parseFormData(form, signInSchema);
  if (!parsed.ok) return badRequest({ ...parsed, returnTo });
  try {
    const { userId } = await authenticate(request, clientAddress(context));
    const viewer = await loadViewer(userId);
    if (!viewer) throw new SignInRefused("The e-mail address or password is not right.");
    // A new session id at every sign-in (no fixation); the old one, if any, ends.
    const previous = await sessionIdFrom(request);
    if (previous) await endSession(previous);
    const session = await startSession(userId, request.headers.get("User-Agent") ?? "");
    throw redirect(returnTo || homeFor(viewer), { headers: { "Set-Cookie": session.setCookie } });
  } catch (error) {
    if (error instanceof Response) throw error;
    if (error instanceof SignInRefused) {
      return badRequest(
        { ...formProblem(error.message, parsed.values), returnTo },
        error.retryAt ? 429 : 400,
      );
    }
    throw error;
  }
}

export default function Login() {
  const { returnTo, reset } = useLoaderData<typeof loader>();
  const form = useFormFailure<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <div className="max-w-xl">
      <h1>Sign in</h1>
      <p>For police, council and partner staff, and community chairs. Residents do not need an account.</p>
      {reset ? (
        <p className="notice" role="status">
          Your new password is set. Sign in with it.
        </p>
      ) : null}
      <ErrorSummary errors={form.errors} labels={{ email: "E-mail address", password: "Password" }} />
      <Form method="post" noValidate>
        <input type="hidden" name="returnTo" value={form.failure?.returnTo ?? returnTo} />
        <TextField
          name="email"
          label="E-mail address"
          type="email"
          autoComplete="username"
          defaultValue={form.value("email")}
          errors={form.errors}
        />
        <TextField
          name="password"
          label="Password"
          type="password"
          autoComplete="current-password"
          errors={form.errors}
        />
        <button type="submit" className="button" disabled={busy}>
          Sign in
        </button>
      </Form>
      <p className="mt-6">
        <Link to="/forgot-password">Forgotten your password?</Link>
      </p>
    </div>
  );
}
