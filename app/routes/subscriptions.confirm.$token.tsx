import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  checkConfirmToken,
  confirmSubscription,
  type TokenCheck,
  targetName,
  targetPath,
} from "~/domain/concerns/subscriptions";
import { NO_STORE } from "~/http/conditional.server";

// The link in the e-mail opens this page; the button confirms. (A GET never
// confirms, so link scanners in mail systems cannot subscribe anyone.)

function view(check: TokenCheck) {
  if (check.kind === "invalid")
    throw new Response("This link is not valid", { status: 404, headers: { "Cache-Control": NO_STORE } });
  return { kind: check.kind, name: targetName(check.target), path: targetPath(check.target) };
}

export async function loader({ params }: LoaderFunctionArgs) {
  return data(view(await checkConfirmToken(params.token ?? "")), { headers: { "Cache-Control": NO_STORE } });
}

export async function action({ params }: ActionFunctionArgs) {
  return data(view(await confirmSubscription(params.token ?? "")), {
    headers: { "Cache-Control": NO_STORE },
  });
}

export const meta: MetaFunction = () => [
  { title: "Confirm your subscription — One Dialogue" },
  { name: "robots", content: "noindex" },
];

export default function ConfirmSubscription() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const state = acted ?? loaded;
  if (state.kind === "confirmed") {
    return (
      <>
        <h1>You are subscribed</h1>
        <p>
          You will get an e-mail about {state.name} on days when there is news. Every e-mail has a link to
          stop them.
        </p>
        <p>
          <Link to={state.path}>Go to {state.name}</Link>
        </p>
      </>
    );
  }
  if (state.kind === "expired") {
    return (
      <>
        <h1>This link has expired</h1>
        <p>Confirmation links work for 7 days. Nothing will be sent to you.</p>
        <p>
          <Link to={state.path}>Go to {state.name}</Link> to subscribe again.
        </p>
      </>
    );
  }
  if (state.kind === "unsubscribed") {
    return (
      <>
        <h1>You have unsubscribed</h1>
        <p>You unsubscribed from {state.name}, so this link no longer works.</p>
        <p>
          <Link to={state.path}>Go to {state.name}</Link> to subscribe again.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Confirm your subscription</h1>
      <p>Get e-mail updates about {state.name}: at most one a day, only when there is news.</p>
      <Form method="post">
        <button type="submit" className="button">
          Confirm
        </button>
      </Form>
    </>
  );
}
