import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs, printLinks, When } from "~/components/public-feedback";
import { listPublishedReports } from "~/domain/reports/reports";
import { publicPage, publicPageHeaders } from "~/http/conditional.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";
import { notFound, pathParams, slug } from "~/http/public-params.server";

export const handle = cachedPage({ tags: tagsOf.assembly });

const params = z.object({ assemblySlug: slug });

export const links = () => printLinks;
export const headers = publicPageHeaders;

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { assemblySlug } = pathParams(params, raw);
  const found = await listPublishedReports(assemblySlug);
  if (!found) throw notFound("Area assembly not found");
  return publicPage(request, found);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.assembly.name}: monthly reports — One Dialogue` : "Not found — One Dialogue" },
];

export default function PublishedReports() {
  const { assembly, reports, months } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs
        items={[{ to: "/how-were-doing", label: "How we’re doing" }, { label: `${assembly.name} reports` }]}
      />
      <h1>{assembly.name}: monthly reports</h1>
      <p>
        Each month the chair publishes a report of the priorities, what partners did, the month’s figures and
        the meetings to come. A month appears here as “not published yet” until the chair publishes it.
      </p>
      {reports.length ? null : <p>No monthly report has been published yet.</p>}
      <ul className="list-disc pl-6" aria-label="Monthly reports by month">
        {months.map((m) => (
          <li key={m.month}>
            {m.publishedAt ? (
              <>
                <Link to={`/reports/${assembly.slug}/${m.month}`}>{m.monthLabel}</Link> — published{" "}
                <When at={m.publishedAt} />
              </>
            ) : (
              <>{m.monthLabel} — not published yet</>
            )}
          </li>
        ))}
      </ul>
      <p>
        <Link to={`/how-were-doing/${assembly.slug}`}>
          How we’re doing in {assembly.name}, month by month
        </Link>
      </p>
    </>
  );
}
