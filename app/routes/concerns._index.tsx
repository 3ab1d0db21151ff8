// `/concerns?reference=…`: where the reference form sends its (GET) answer;
// a well-formed reference goes on to its page, anything else gets the form back.
import { type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/forms";
import { REFERENCE_LABELS, ReferenceForm } from "~/components/public-concerns";
import { normaliseReference } from "~/domain/concerns/concern-references";
import { NO_STORE } from "~/http/conditional.server";
import { queryOf } from "~/http/public-params.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const typed = queryOf(request).reference;
  if (typed === undefined) return { typed: "", errors: undefined };
  const reference = normaliseReference(typed);
  if (reference) throw redirect(`/concerns/${reference}`, { headers: { "Cache-Control": NO_STORE } });
  return {
    typed: typed.slice(0, 40),
    errors: { reference: ["Enter the reference you were given, like RC-7K3Q-9XMP"] },
  };
}

export const headers = () => ({ "Cache-Control": NO_STORE });

export const meta: MetaFunction = () => [{ title: "Find your concern — One Dialogue" }];

export default function FindConcern() {
  const { typed, errors } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Find your concern</h1>
      <p>Type the reference you were given to see what happened to your concern.</p>
      <ErrorSummary errors={errors} labels={REFERENCE_LABELS} />
      <ReferenceForm typed={typed} errors={errors} heading={false} />
    </>
  );
}
