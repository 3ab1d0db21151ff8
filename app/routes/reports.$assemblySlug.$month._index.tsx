import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs, printLinks, When } from "~/components/public-feedback";
import { MonthlyReport } from "~/components/report";
import { publishedMonthlyReport } from "~/domain/reports/reports";
import { publicPage, publicPageHeaders } from "~/http/conditional.server";
import { cachedPage, tagsOf } from "~/http/page-cache-rule";
import { notFound, pathParams, slug } from "~/http/public-params.server";

export const handle = cachedPage({ tags: tagsOf.assembly });

const params = z.object({ assemblySlug: slug, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/) });

export const links = () => printLinks;
export const headers = publicPageHeaders;

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const query = pathParams(params, raw);
  const found = await publishedMonthlyReport(query);
  if (!found) throw notFound("This report has not been published");
  return publicPage(request, found);
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [
        { title: `${data.report.assembly.name}: monthly report, ${data.report.monthLabel} — One Dialogue` },
        {
          name: "description",
          content: `What partners did on ${data.report.assembly.name}’s priorities in ${data.report.monthLabel}, with the month’s figures.`,
        },
      ]
    : [{ title: "Report not found — One Dialogue" }];

export default function PublishedReport() {
  const { report, publishedAt } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs
        items={[
          { to: "/how-were-doing", label: "How we’re doing" },
          { to: `/reports/${report.assembly.slug}`, label: `${report.assembly.name} reports` },
          { label: report.monthLabel },
        ]}
      />
      <p className="text-muted">
        Published on <When at={publishedAt} />.{" "}
        <Link to={`/how-were-doing/${report.assembly.slug}`} className="no-print">
          Compare the neighbourhoods month by month
        </Link>
      </p>
      <MonthlyReport report={report} />
    </>
  );
}
