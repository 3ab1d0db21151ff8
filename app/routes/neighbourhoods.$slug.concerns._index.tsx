import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ConcernList, ReferenceForm } from "~/components/public-concerns";
import { Breadcrumbs, Pager, printLinks } from "~/components/public-feedback";
import { neighbourhoodConcernsPage } from "~/domain/concerns/public-concerns";
import { publicPage, publicPageHeaders } from "~/http/conditional.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";
import { notFound, pathParams, queryOf, slug } from "~/http/public-params.server";

export const handle = cachedPage({ tags: tagsOf.neighbourhood });

const params = z.object({ slug });
const query = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1) });

export const links = () => printLinks;
export const headers = publicPageHeaders;

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { slug } = pathParams(params, raw);
  const page = await neighbourhoodConcernsPage(slug, query.parse(queryOf(request)).page);
  if (!page) throw notFound("Neighbourhood not found");
  return publicPage(request, page);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `What you told us — ${data.neighbourhood.name} — One Dialogue`
      : "Neighbourhood not found — One Dialogue",
  },
];

export default function NeighbourhoodConcerns() {
  const { neighbourhood, concerns, page, pages, total } = useLoaderData<typeof loader>();
  const base = `/neighbourhoods/${neighbourhood.slug}`;
  return (
    <>
      <Breadcrumbs
        items={[
          { to: "/", label: "Find your neighbourhood" },
          { to: base, label: neighbourhood.name },
          { label: "What you told us" },
        ]}
      />
      <h1>What you told us about {neighbourhood.name}</h1>
      <p>
        Every concern raised at a meeting or online, once the chair has read it, and what became of it. Names
        and contact details are never published.
      </p>
      <p className="no-print">
        <Link to={`${base}/concerns/new`}>Raise a concern</Link>
      </p>
      <h2 id="concerns-heading">{total === 1 ? "1 concern" : `${total} concerns`}, newest first</h2>
      {concerns.length ? (
        <ConcernList concerns={concerns} label={`Concerns about ${neighbourhood.name}`} />
      ) : (
        <p>No concerns have been published here yet.</p>
      )}
      <Pager
        label="Pages of concerns"
        page={page}
        pages={pages}
        link={(n) => `${base}/concerns${n > 1 ? `?page=${n}` : ""}`}
      />
      <ReferenceForm />
    </>
  );
}
