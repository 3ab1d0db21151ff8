import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { getViewer } from "~/auth/guards.server";
import { clearSessionCookie, endSession } from "~/auth/session.server";
import { recordSignOut } from "~/domain/accounts/accounts";
import { clientAddress } from "~/http/client-address.server";

export const meta: MetaFunction = () => [{ title: "Sign out — One Dialogue" }];

// Signing out changes state, so it is a POST; GET shows the button.
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getViewer(request);
  return { signedIn: Boolean(viewer), name: viewer?.name ?? "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const viewer = await getViewer(request);
  if (viewer) {
    await endSession(viewer.sessionId);
    await recordSignOut(viewer.userId, clientAddress(context));
  }
  throw redirect("/?signedOut=1", { headers: { "Set-Cookie": await clearSessionCookie() } });
}

export default function Logout() {
  const { signedIn, name } = useLoaderData<typeof loader>();
  if (!signedIn) {
    return (
      <>
        <h1>You are signed out</h1>
        <p>
          <a href="/login">Sign in again</a>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Sign out</h1>
      <p>You are signed in as {name}.</p>
      <Form method="post">
        <button type="submit" className="button">
          Sign out
        </button>
      </Form>
    </>
  );
}
