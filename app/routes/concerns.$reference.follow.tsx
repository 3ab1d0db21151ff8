import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { type FollowLink, followFromDecisionEmail, readFollowLink } from "~/domain/concerns/concern-replies";
import { idSchema } from "~/domain/core/ids";
import { NO_STORE } from "~/http/conditional.server";
import { queryOf } from "~/http/public-params.server";

// The "follow this priority" link in a decision e-mail opens this page; only
// its button subscribes (a GET never does: mail scanners fetch links).

const linkSchema = z.object({
  reference: z.string().max(20),
  priority: idSchema,
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/),
});

function parseLink(request: Request, params: { reference?: string }) {
  const parsed = linkSchema.safeParse({ ...queryOf(request), reference: params.reference });
  if (!parsed.success) return null;
  return { reference: parsed.data.reference, priorityId: parsed.data.priority, token: parsed.data.token };
}

function respond(link: FollowLink | null, followed = false) {
  if (!link || link.kind === "invalid") {
    throw new Response("This link is not valid", { status: 404, headers: { "Cache-Control": NO_STORE } });
  }
  return data({ ...link, followed }, { headers: { "Cache-Control": NO_STORE } });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const input = parseLink(request, params);
  return respond(input && (await readFollowLink(input)));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const input = parseLink(request, params);
  return respond(input && (await followFromDecisionEmail(input)), true);
}

export const headers = () => ({ "Cache-Control": NO_STORE });

export const meta: MetaFunction = () => [
  { title: "Follow a priority — One Dialogue" },
  { name: "robots", content: "noindex" },
];

export default function FollowPriority() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const state = acted ?? loaded;
  if (state.kind === "closed") {
    return (
      <>
        <h1>This priority has closed</h1>
        <p>
          “{state.title}” is closed, so there will be no more updates to send.{" "}
          <Link to={state.path}>See what happened</Link>.
        </p>
      </>
    );
  }
  if (state.followed) {
    return (
      <>
        <h1>You are following this priority</h1>
        <p>
          You will get an e-mail about “{state.title}” on days when there is news. Every e-mail has a link to
          stop them.
        </p>
        <p>
          <Link to={state.path}>Go to the priority</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Follow “{state.title}”</h1>
      <p>
        Get an e-mail when the agencies working on it post news: at most one a day, sent to the address you
        gave with your concern. No account is needed, and every e-mail has a link to stop them.
      </p>
      <Form method="post">
        <button type="submit" className="button">
          Follow this priority
        </button>
      </Form>
      <p>
        <Link to={state.path}>Go to the priority</Link>
      </p>
    </>
  );
}
