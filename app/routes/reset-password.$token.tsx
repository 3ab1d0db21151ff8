import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useFormFailure } from "~/components/forms";
import { SetPasswordForm } from "~/components/set-password";
import { clientAddress } from "~/http/client-address.server";
import { tokenPageAction, tokenPageLoader } from "~/http/token-pages.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password — One Dialogue" }];

export const loader = ({ params }: LoaderFunctionArgs) =>
  tokenPageLoader("password_reset", params.token ?? "");

export const action = ({ request, params, context }: ActionFunctionArgs) =>
  tokenPageAction("password_reset", request, params.token ?? "", clientAddress(context));

export default function ResetPassword() {
  const page = useLoaderData<typeof loader>();
  const form = useFormFailure<typeof action>();
  return (
    <SetPasswordForm
      title="Choose a new password"
      intro={`For ${page.email}. Signing in anywhere else ends when you save it.`}
      email={page.email}
      button="Save my new password"
      problem={form.failure?.problem ?? page.problem}
      fieldErrors={form.errors}
    />
  );
}
