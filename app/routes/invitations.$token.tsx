import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useFormFailure } from "~/components/forms";
import { SetPasswordForm } from "~/components/set-password";
import { clientAddress } from "~/http/client-address.server";
import { tokenPageAction, tokenPageLoader } from "~/http/token-pages.server";

export const meta: MetaFunction = () => [{ title: "Accept your invitation — One Dialogue" }];

export const loader = ({ params }: LoaderFunctionArgs) => tokenPageLoader("invitation", params.token ?? "");

export const action = ({ request, params, context }: ActionFunctionArgs) =>
  tokenPageAction("invitation", request, params.token ?? "", clientAddress(context));

export default function AcceptInvitation() {
  const page = useLoaderData<typeof loader>();
  const form = useFormFailure<typeof action>();
  return (
    <SetPasswordForm
      title={`Welcome to One Dialogue${page.name ? `, ${page.name}` : ""}`}
      intro={`Choose a password to finish setting up your account. You will sign in with ${page.email}.`}
      email={page.email}
      button="Set my password and sign in"
      problem={form.failure?.problem ?? page.problem}
      fieldErrors={form.errors}
    />
  );
}
