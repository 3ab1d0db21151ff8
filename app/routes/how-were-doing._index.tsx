import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Chart, ChartSummaries, ScrollRegion } from "~/components/charts";
import { Definitions, MeasuresTable } from "~/components/measures";
import { Breadcrumbs, printLinks } from "~/components/public-feedback";
import { boroughComparison } from "~/domain/measures/how-were-doing";
import { type LatestReport, latestPublishedReports } from "~/domain/reports/reports";
import { publicPage, publicPageHeaders } from "~/http/conditional.server";
import { cachedPage } from "~/http/page-cache-rule";

export const handle = cachedPage();

export const links = () => printLinks;
export const headers = publicPageHeaders;

export async function loader({ request }: LoaderFunctionArgs) {
  const [page, reports] = await Promise.all([boroughComparison(), latestPublishedReports("all")]);
  return publicPage(request, { ...page, latestReports: Object.fromEntries(reports) }, "html", {
    keep: !page.counted.recounting,
  });
}

export const meta: MetaFunction = () => [
  { title: "How we’re doing: every area compared — One Dialogue" },
  {
    name: "description",
    content:
      "Monthly, comparable figures for every area assembly and neighbourhood: priorities agreed and resolved, work done by partners, updates and meetings.",
  },
];

type Assemblies = Array<{ slug: string; name: string; neighbourhoods: number }>;

function AssemblyLinks({
  assemblies,
  latestReports,
}: {
  assemblies: Assemblies;
  latestReports: Record<string, LatestReport>;
}) {
  return (
    <section aria-labelledby="assemblies-heading">
      <h2 id="assemblies-heading">Each area assembly</h2>
      <ul className="list-disc pl-6">
        {assemblies.map((assembly) => (
          <li key={assembly.slug}>
            <Link to={`/how-were-doing/${assembly.slug}`}>{assembly.name}</Link> — its{" "}
            {assembly.neighbourhoods === 1 ? "neighbourhood" : `${assembly.neighbourhoods} neighbourhoods`}{" "}
            side by side;{" "}
            {latestReports[assembly.slug] ? (
              <>
                latest monthly report:{" "}
                <Link to={latestReports[assembly.slug].url}>{latestReports[assembly.slug].monthLabel}</Link> (
                <Link to={`/reports/${assembly.slug}`}>
                  all <span className="sr-only">{assembly.name} </span>reports
                </Link>
                )
              </>
            ) : (
              <Link to={`/reports/${assembly.slug}`}>
                monthly reports<span className="sr-only"> of {assembly.name}</span>
              </Link>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export default function HowWereDoing() {
  const page = useLoaderData<typeof loader>();
  const heading = (
    <>
      <Breadcrumbs items={[{ to: "/", label: "Find your neighbourhood" }, { label: "How we’re doing" }]} />
      <h1>How we’re doing</h1>
    </>
  );
  return (
    <>
      {heading}
      <p>
        The same figures for every area, {page.period.from} to {page.period.to} (this month so far included),
        so you can compare your neighbourhood with the others. They count only work the public can see. A
        percentage or a typical time is shown only when it rests on at least 5 cases; otherwise it says “too
        few to compare”.
      </p>
      <p>
        Counted at {page.counted.words}
        {page.counted.recounting
          ? "; they are being counted again after a change, and the new figures will appear shortly."
          : ", and counted again after every change."}
      </p>
      <p>
        <a href="/how-were-doing.csv">Download every figure, month by month (CSV)</a>
      </p>

      <ChartSummaries charts={[...page.charts, page.trend]} />

      <AssemblyLinks assemblies={page.assemblies} latestReports={page.latestReports} />

      <section aria-labelledby="charts-heading">
        <h2 id="charts-heading">Area assemblies compared</h2>
        {page.charts.map((chart) => (
          <Chart key={chart.id} chart={chart} definitionHref={`#measure-${chart.measure}`} />
        ))}
        <Chart chart={page.trend} definitionHref="#measure-publicUpdates" />
      </section>

      <section aria-labelledby="neighbourhoods-heading">
        <h2 id="neighbourhoods-heading">Every neighbourhood, last 12 months</h2>
        <ScrollRegion label="Every neighbourhood: table">
          <table className="data-table text-sm">
            <caption className="sr-only">Every neighbourhood’s figures over the last 12 months</caption>
            <thead>
              <tr>
                <th scope="col">Neighbourhood</th>
                <th scope="col">Area assembly</th>
                {page.neighbourhoodColumns.map((label) => (
                  <th key={label} scope="col">
                    {label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.neighbourhoods.map((n) => (
                <tr key={n.slug}>
                  <th scope="row">
                    <Link to={`/neighbourhoods/${n.slug}`}>{n.name}</Link>
                  </th>
                  <td>
                    <Link to={`/how-were-doing/${n.assemblySlug}`}>{n.assemblyName}</Link>
                  </td>
                  {n.cells.map((text, i) => (
                    <td key={page.neighbourhoodColumns[i]}>{text}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section aria-labelledby="all-heading">
        <h2 id="all-heading">Every measure, by area assembly</h2>
        <MeasuresTable
          caption={`Every measure, ${page.period.from} to ${page.period.to}`}
          columns={page.assemblyTable.columns}
          rows={page.assemblyTable.rows}
        />
      </section>

      <Definitions definitions={page.definitions} />
    </>
  );
}
