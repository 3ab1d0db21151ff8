import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, Select, TextArea, TextField, useFormFailure } from "~/components/forms";
import { Breadcrumbs } from "~/components/public-feedback";
import { env } from "~/config/env.server";
import { decoyReference, normaliseReference } from "~/domain/concerns/concern-references";
import { onlineConcernSchema, raiseOnlineConcern } from "~/domain/concerns/online-concerns";
import { findPublicNeighbourhood, listCategories } from "~/domain/publication";
import { clientAddress } from "~/http/client-address.server";
import { NO_STORE, publicPageHeaders } from "~/http/conditional.server";
import { badRequest, formProblem, parseFormData, readForm } from "~/http/forms.server";
import { notFound, pathParams, slug } from "~/http/public-params.server";
import { runAction } from "~/http/responses.server";

const params = z.object({ slug });

const LOCATION_HINT = "A street or a landmark, like “Maynard Road play area”. Not a house number.";

const LABELS = {
  category: "What is it about",
  location: "Where it happens",
  wording: "What is the problem",
  contactName: "Your name",
  contactEmail: "Your e-mail address",
  contactPhone: "Your phone number",
};

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { slug } = pathParams(params, raw);
  const [neighbourhood, categories] = await Promise.all([findPublicNeighbourhood(slug), listCategories()]);
  if (!neighbourhood) throw notFound("Neighbourhood not found");
  const reference = normaliseReference(new URL(request.url).searchParams.get("sent") ?? "");
  return data(
    { neighbourhood: { slug: neighbourhood.slug, name: neighbourhood.name }, categories, reference },
    // The thank-you page carries the resident's reference: no shared cache may keep it.
    { headers: reference ? { "Cache-Control": NO_STORE } : {} },
  );
}

export const headers = publicPageHeaders;

export async function action({ request, params: raw, context }: ActionFunctionArgs) {
  const { slug } = pathParams(params, raw);
  const parsed = parseFormData(await readForm(request), onlineConcernSchema);
  if (!parsed.ok) return badRequest(parsed);
  const result = await runAction(
    () =>
      raiseOnlineConcern(
        { ...parsed.data, neighbourhoodSlug: slug, address: clientAddress(context) },
        { publicUrl: env().PUBLIC_URL },
      ),
    parsed.values,
  );
  if (!result || !("kind" in result)) return result;
  if (result.kind === "rate_limited") {
    const message = "You have sent several concerns in the last hour. Please try again later.";
    return badRequest(formProblem(message, parsed.values), 429);
  }
  // A person and a bot see the same thing; only the person's concern is kept.
  const reference = result.kind === "raised" ? result.reference : decoyReference();
  throw redirect(`/neighbourhoods/${slug}/concerns/new?sent=${reference}`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Raise a concern about ${data.neighbourhood.name} — One Dialogue`
      : "Raise a concern — One Dialogue",
  },
];

export default function RaiseConcern() {
  const { neighbourhood, categories, reference } = useLoaderData<typeof loader>();
  const form = useFormFailure<typeof action>();
  const errors = form.errors;
  const base = `/neighbourhoods/${neighbourhood.slug}`;
  const crumbs = [
    { to: "/", label: "Find your neighbourhood" },
    { to: base, label: neighbourhood.name },
    { label: "Raise a concern" },
  ];
  if (reference) {
    return (
      <>
        <Breadcrumbs items={crumbs} />
        <div className="mb-6 border-4 border-green-800 p-4">
          <h1 className="mt-0">Thank you, we have your concern</h1>
          <p className="mb-1">Your reference is</p>
          <p className="text-2xl font-bold" data-testid="concern-reference">
            {reference}
          </p>
          <p>Keep it: with it you can see what happens to your concern.</p>
        </div>
        <h2>What happens next</h2>
        <p>
          Concerns are not published straight away. The chair of the {neighbourhood.name} meeting reads each
          one and decides whether to make it a neighbourhood priority, answer it, or pass it to the right
          service. If you gave an e-mail address, we have sent your reference to it and will e-mail you once
          the chair has decided. Your details are never published.
        </p>
        <p>
          <Link to={`/concerns/${reference}`}>See your concern</Link>
        </p>
        <p>
          <Link to={`${base}/concerns`}>What people told us about {neighbourhood.name}</Link>
        </p>
        <p>
          <Link to={base}>Back to {neighbourhood.name}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>Raise a concern about {neighbourhood.name}</h1>
      <p>
        Tell the next neighbourhood meeting about a problem in {neighbourhood.name}. In an emergency call 999.
        To report a crime call 101.
      </p>
      <ErrorSummary errors={errors} labels={LABELS} />
      <Form method="post" noValidate>
        <Select
          name="category"
          label={LABELS.category}
          errors={errors}
          defaultValue={form.value("category")}
          placeholder="Choose one"
          options={categories.map((c) => ({ value: String(c.id), label: c.name }))}
        />
        <TextField
          name="location"
          label={LABELS.location}
          hint={LOCATION_HINT}
          errors={errors}
          defaultValue={form.value("location")}
        />
        <TextArea
          name="wording"
          label={LABELS.wording}
          hint="What happens, and when. Do not name anyone: your words may be read out at the meeting."
          errors={errors}
          defaultValue={form.value("wording")}
          rows={6}
        />
        <fieldset className="mb-6">
          <legend className="field-label text-lg">If you would like a reply (optional)</legend>
          <p className="mb-3 text-muted">
            Only the chair and the services dealing with it see these. They are never published.
          </p>
          <TextField
            name="contactName"
            label={LABELS.contactName}
            errors={errors}
            defaultValue={form.value("contactName")}
            autoComplete="name"
          />
          <TextField
            name="contactEmail"
            label={LABELS.contactEmail}
            type="email"
            errors={errors}
            defaultValue={form.value("contactEmail")}
            autoComplete="email"
          />
          <TextField
            name="contactPhone"
            label={LABELS.contactPhone}
            type="tel"
            errors={errors}
            defaultValue={form.value("contactPhone")}
            autoComplete="tel"
          />
        </fieldset>
        <div aria-hidden="true" className="absolute -left-[10000px] h-px w-px overflow-hidden">
          <label htmlFor="website">Leave this empty</label>
          <input id="website" name="website" type="text" tabIndex={-1} autoComplete="off" />
        </div>
        <button type="submit" className="button">
          Send the concern
        </button>
      </Form>
    </>
  );
}
