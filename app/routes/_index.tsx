import { data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "~/components/forms";
import { printLinks } from "~/components/public-feedback";
import { type FinderResult, findNeighbourhoodByPostcode } from "~/domain/publication/neighbourhood-finder";
import { homePage } from "~/domain/reports/public-pages";
import { NO_STORE, publicPage, publicPageHeaders } from "~/http/conditional.server";
import { cachedPage } from "~/http/page-cache-rule";

export const handle = cachedPage();

const search = z.object({ postcode: z.string().max(40).optional() });

export const links = () => printLinks;
export const headers = publicPageHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const parsed = search.safeParse({ postcode: url.searchParams.get("postcode") ?? undefined });
  const postcode = parsed.success ? parsed.data.postcode : "";
  if (postcode === undefined) {
    const page = await homePage();
    const content = { ...page, search: null };
    return publicPage(request, content);
  }
  const result: FinderResult = parsed.success
    ? await findNeighbourhoodByPostcode(postcode)
    : { kind: "invalid", message: "Enter a real postcode, like S65 2PW" };
  if (result.kind === "found") {
    throw redirect(`/neighbourhoods/${result.neighbourhood.slug}`, {
      headers: { "Cache-Control": NO_STORE },
    });
  }
  const page = await homePage();
  return data(
    { ...page, search: { postcode: postcode.slice(0, 40), result } },
    { status: result.kind === "invalid" ? 400 : 200, headers: { "Cache-Control": NO_STORE } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title:
      data?.search?.result.kind === "invalid"
        ? "Error: Find your neighbourhood — One Dialogue"
        : "Find your neighbourhood — One Dialogue",
  },
  {
    name: "description",
    content:
      "See what your neighbourhood raised at PACT meetings and what the police, council and partners did about it.",
  },
];

function SearchOutcome({ result }: { result: Exclude<FinderResult, { kind: "found" | "invalid" }> }) {
  if (result.kind === "choose") {
    return (
      <section aria-labelledby="choose-heading" className="mb-6 border-l-4 border-brand pl-4">
        <h2 id="choose-heading" className="mt-0">
          Choose your neighbourhood
        </h2>
        <p>{result.postcode} could be in more than one neighbourhood:</p>
        <ul className="list-disc pl-6">
          {result.neighbourhoods.map((n) => (
            <li key={n.slug}>
              <Link to={`/neighbourhoods/${n.slug}`}>{n.name}</Link>
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return (
    <div role="status" className="mb-6 border-l-4 border-brand pl-4">
      <h2 className="mt-0">
        {result.kind === "unknown"
          ? "We could not find that postcode"
          : result.kind === "out_of_area"
            ? "That postcode is outside our area"
            : "Postcode search is not working at the moment"}
      </h2>
      <p>{result.message}</p>
    </div>
  );
}

export default function Index() {
  const { assemblies, search } = useLoaderData<typeof loader>();
  const result = search?.result;
  const error = result?.kind === "invalid" ? result.message : undefined;
  return (
    <>
      <h1>Find your neighbourhood</h1>
      <p>
        See the priorities your neighbourhood agreed at its PACT meeting, what the police, the council and
        other partners did about each one, and when the next meeting is.
      </p>
      <ErrorSummary errors={error ? { postcode: [error] } : undefined} labels={{ postcode: "Postcode" }} />
      <search aria-label="Find your neighbourhood by postcode" className="mb-8 block">
        <form method="get" action="/">
          <div className={`mb-3 ${error ? "border-l-4 border-red-700 pl-3" : ""}`}>
            <label htmlFor="postcode" className="field-label">
              Your postcode
            </label>
            <p id="postcode-hint" className="mb-1 text-muted">
              For example, S65 2PW
            </p>
            {error ? (
              <p id="postcode-error" className="field-error mb-1">
                <span className="sr-only">Error: </span>
                {error}
              </p>
            ) : null}
            <div className="flex flex-wrap gap-2">
              <input
                id="postcode"
                name="postcode"
                type="text"
                autoComplete="postal-code"
                spellCheck={false}
                defaultValue={search?.postcode ?? ""}
                aria-describedby={error ? "postcode-hint postcode-error" : "postcode-hint"}
                aria-invalid={error ? true : undefined}
                className="field-input max-w-[12rem]"
              />
              <button type="submit" className="button">
                Find
              </button>
            </div>
          </div>
        </form>
      </search>
      {result && result.kind !== "invalid" ? <SearchOutcome result={result} /> : null}
      <h2 id="assemblies-heading">Area assemblies and their neighbourhoods</h2>
      {assemblies.length === 0 ? (
        <p>No neighbourhoods have been set up yet.</p>
      ) : (
        <ul aria-labelledby="assemblies-heading" className="grid gap-6 sm:grid-cols-2">
          {assemblies.map((assembly) => (
            <li key={assembly.slug}>
              <h3>{assembly.name}</h3>
              <ul className="list-disc pl-6">
                {assembly.neighbourhoods.map((n) => (
                  <li key={n.slug}>
                    <Link to={`/neighbourhoods/${n.slug}`}>{n.name}</Link>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
