import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Chart, ChartSummaries } from "~/components/charts";
import { Definitions, MeasuresTable } from "~/components/measures";
import { Breadcrumbs, printLinks } from "~/components/public-feedback";
import { assemblyComparison } from "~/domain/measures/how-were-doing";
import { latestPublishedReports } from "~/domain/reports/reports";
import { publicPage, publicPageHeaders } from "~/http/conditional.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";
import { notFound, pathParams, slug } from "~/http/public-params.server";

export const handle = cachedPage({ tags: tagsOf.assembly });

const params = z.object({ assemblySlug: slug });

export const links = () => printLinks;
export const headers = publicPageHeaders;

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const { assemblySlug } = pathParams(params, raw);
  const page = await assemblyComparison(assemblySlug);
  if (!page) throw notFound("Area assembly not found");
  const latestReport = (await latestPublishedReports([assemblySlug])).get(assemblySlug) ?? null;
  return publicPage(request, { ...page, latestReport });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `How we’re doing: ${data.assembly.name} — One Dialogue` },
        {
          name: "description",
          content: `Monthly figures for each neighbourhood of ${data.assembly.name}, side by side.`,
        },
      ]
    : [{ title: "Area assembly not found — One Dialogue" }];

export default function AssemblyHowWereDoing() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs
        items={[
          { to: "/", label: "Find your neighbourhood" },
          { to: "/how-were-doing", label: "How we’re doing" },
          { label: page.assembly.name },
        ]}
      />
      <h1>How we’re doing: {page.assembly.name}</h1>
      <p>
        Each neighbourhood of {page.assembly.name} side by side, month by month from {page.period.from} to{" "}
        {page.period.to} (this month so far). Only work the public can see is counted. A percentage or a
        typical time is shown only when it rests on at least 5 cases.
      </p>
      <ul className="list-disc pl-6">
        {page.neighbourhoods.map((n) => (
          <li key={n.slug}>
            <Link to={`/neighbourhoods/${n.slug}`}>{n.name}: priorities and what was done</Link>
          </li>
        ))}
        <li>
          <a href={`/how-were-doing.csv?assembly=${page.assembly.slug}`}>
            Download {page.assembly.name}’s figures, month by month (CSV)
          </a>
        </li>
        <li>
          {page.latestReport ? (
            <>
              The latest monthly report:{" "}
              <Link to={page.latestReport.url}>{page.latestReport.monthLabel}</Link> (
              <Link to={`/reports/${page.assembly.slug}`}>all monthly reports</Link>)
            </>
          ) : (
            <Link to={`/reports/${page.assembly.slug}`}>Monthly reports</Link>
          )}
        </li>
        <li>
          <Link to="/how-were-doing">Compare with the other area assemblies</Link>
        </li>
      </ul>

      <ChartSummaries charts={page.charts} />

      <section aria-labelledby="charts-heading">
        <h2 id="charts-heading">Month by month</h2>
        {page.charts.map((chart) => (
          <Chart key={chart.id} chart={chart} definitionHref={`#measure-${chart.measure}`} />
        ))}
      </section>

      <section aria-labelledby="all-heading">
        <h2 id="all-heading">Every measure over the 12 months</h2>
        <MeasuresTable
          caption={`Every measure, ${page.period.from} to ${page.period.to}`}
          columns={page.table.columns}
          rows={page.table.rows}
        />
      </section>

      <Definitions definitions={page.definitions} />
    </>
  );
}
