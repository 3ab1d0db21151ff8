import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import {
  checkUnsubscribeToken,
  type SubscriptionTarget,
  targetName,
  targetPath,
  unsubscribe,
} from "~/domain/concerns/subscriptions";
import { NO_STORE } from "~/http/conditional.server";

// The link at the foot of every digest opens this page; only its button (a POST)
// unsubscribes, so mail scanners that fetch links cannot end anyone's subscription.

function view(found: { target: SubscriptionTarget } | null, unsubscribed: boolean) {
  if (!found)
    throw new Response("This link is not valid", { status: 404, headers: { "Cache-Control": NO_STORE } });
  return data(
    { unsubscribed, name: targetName(found.target), path: targetPath(found.target) },
    { headers: { "Cache-Control": NO_STORE } },
  );
}

export async function loader({ params }: LoaderFunctionArgs) {
  const found = await checkUnsubscribeToken(params.token ?? "");
  return view(found, found?.unsubscribed ?? false);
}

export async function action({ params }: ActionFunctionArgs) {
  return view(await unsubscribe(params.token ?? ""), true);
}

export const meta: MetaFunction = () => [
  { title: "Unsubscribe — One Dialogue" },
  { name: "robots", content: "noindex" },
];

export default function Unsubscribe() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const { unsubscribed, name, path } = acted ?? loaded;
  if (unsubscribed) {
    return (
      <>
        <h1>You have unsubscribed</h1>
        <p>We will not send you any more e-mails about {name}.</p>
        <p>
          Changed your mind? <Link to={path}>Go to {name}</Link> and subscribe again.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Stop e-mails about {name}</h1>
      <p>You get an e-mail about {name} on days when there is news.</p>
      <Form method="post">
        <button type="submit" className="button">
          Unsubscribe
        </button>
      </Form>
      <p>
        <Link to={path}>Go to {name}</Link> without unsubscribing.
      </p>
    </>
  );
}
