import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { unsubscribe } from "~/domain/concerns/subscriptions";
import { NO_STORE } from "~/http/conditional.server";

// RFC 8058: the address in the List-Unsubscribe header. Mail programs POST
// "List-Unsubscribe=One-Click" here; nothing else is needed.
export async function action({ params }: ActionFunctionArgs) {
  const result = await unsubscribe(params.token ?? "");
  return new Response(result ? "You have unsubscribed.\n" : "This link is not valid.\n", {
    status: result ? 200 : 404,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": NO_STORE },
  });
}

// Someone (or a mail scanner) opening the address with a GET gets the page with the button; nothing changes.
export function loader({ params }: LoaderFunctionArgs) {
  return redirect(`/subscriptions/unsubscribe/${encodeURIComponent(params.token ?? "")}`, {
    headers: { "Cache-Control": NO_STORE },
  });
}
