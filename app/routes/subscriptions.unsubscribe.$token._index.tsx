import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { targetName, targetPath, unsubscribe } from "~/domain/subscriptions";
import { NO_STORE } from "~/http/conditional.server";

// The link at the foot of every digest: one click, and the e-mails stop.
export async function loader({ params }: LoaderFunctionArgs) {
  const result = await unsubscribe(params.token ?? "");
  if (!result)
    throw new Response("This link is not valid", { status: 404, headers: { "Cache-Control": NO_STORE } });
  return data(
    { name: targetName(result.target), path: targetPath(result.target) },
    { headers: { "Cache-Control": NO_STORE } },
  );
}

export const meta: MetaFunction = () => [
  { title: "You have unsubscribed — One Dialogue" },
  { name: "robots", content: "noindex" },
];

export default function Unsubscribed() {
  const { name, path } = useLoaderData<typeof loader>();
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
