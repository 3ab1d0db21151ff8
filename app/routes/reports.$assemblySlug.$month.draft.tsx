import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { includesPartnersOnly, PartnersPrintout, partnersPrintLinks } from "~/components/printout";
import { printLinks, When } from "~/components/public-feedback";
import { MonthlyReport } from "~/components/report";
import { DomainError, invalid } from "~/domain/errors";
import { printableReport } from "~/domain/printouts";
import { chairMonthlyReport, ensureReportChair, publishMonthlyReport } from "~/domain/reports";
import { readForm } from "~/http/forms.server";
import { pathParams, slug } from "~/http/public-params.server";
import { runAction } from "~/http/responses.server";

const params = z.object({ assemblySlug: slug, month: z.string().regex(/^\d{4}-\d{2}$/) });
const publishForm = z.object({ intent: z.literal("publish") });

export const links = () => [...printLinks, ...partnersPrintLinks];

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const query = pathParams(params, raw);
  try {
    const { report, published } = await chairMonthlyReport(viewer, query);
    const included = includesPartnersOnly(request);
    return { report: printableReport(report, included), published, included };
  } catch (error) {
    if (error instanceof DomainError) {
      throw new Response(error.message, { status: error.kind === "forbidden" ? 403 : 404 });
    }
    throw error;
  }
}

export async function action({ request, params: raw }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const query = pathParams(params, raw);
  return runAction(async () => {
    await ensureReportChair(viewer, query.assemblySlug);
    const form = await readForm(request);
    if (!publishForm.safeParse({ intent: form.get("intent") }).success) {
      throw invalid("Choose what to do.", { intent: ["Unknown action."] });
    }
    await publishMonthlyReport(viewer, query);
    // Back to this page (now showing the report as kept), so a reload does not post again.
    return redirect(new URL(request.url).pathname);
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `${data.report.assembly.name} monthly report, ${data.report.monthLabel} — One Dialogue`
      : "Monthly report — One Dialogue",
  },
];

export default function DraftReport() {
  const { report, published, included } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const publicUrl = `/reports/${report.assembly.slug}/${report.month}`;
  return (
    <>
      <nav aria-label="Reports" className="no-print">
        <Link to="/reports">All monthly reports</Link>
      </nav>
      {result && "ok" in result && !result.ok ? (
        <div className="notice no-print border-red-700" role="alert">
          <p className="mb-0 font-bold">{result.message}</p>
        </div>
      ) : null}
      <div className="notice no-print">
        {published ? (
          <p className="mb-0">
            Published on <When at={published.publishedAt} />
            {published.publishedBy ? ` by ${published.publishedBy}` : ""}. This is the report as it was kept;{" "}
            <Link to={publicUrl}>read the public version</Link>.
          </p>
        ) : (
          <>
            <p>
              This report is made from the records as they are now. Print it with your browser’s print
              command. Publishing keeps it as it is and puts the public version, without partners-only work,
              at <Link to={publicUrl}>{publicUrl}</Link>.
            </p>
            <Form method="post">
              <input type="hidden" name="intent" value="publish" />
              <button type="submit" className="button">
                Publish the {report.monthLabel} report
              </button>
            </Form>
          </>
        )}
      </div>
      <PartnersPrintout included={included} what="report" />
      <MonthlyReport report={report} />
    </>
  );
}
