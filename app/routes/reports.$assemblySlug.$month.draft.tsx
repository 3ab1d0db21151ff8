import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { useFormFailure } from "~/components/forms";
import { includesPartnersOnly, PartnersPrintout, partnersPrintLinks } from "~/components/printout";
import { printLinks, When } from "~/components/public-feedback";
import { MonthlyReport } from "~/components/report";
import { invalid } from "~/domain/core/errors";
import { printableReport } from "~/domain/reports/printouts";
import {
  chairMonthlyReport,
  ensureReportChair,
  publicationPreview,
  publishMonthlyReport,
} from "~/domain/reports/reports";
import { parseFormData, readForm } from "~/http/forms.server";
import { pathParams, slug } from "~/http/public-params.server";
import { readOrRefuse, runAction } from "~/http/responses.server";

const params = z.object({ assemblySlug: slug, month: z.string().regex(/^\d{4}-\d{2}$/) });
const CONFIRM_MESSAGE = "Tick the box to confirm you want to publish this report";
const publishForm = z.object({
  intent: z.literal("publish"),
  confirm: z.literal("yes", { error: CONFIRM_MESSAGE }),
});

export const links = () => [...printLinks, ...partnersPrintLinks];

export async function loader({ request, params: raw }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const query = pathParams(params, raw);
  const { report, published } = await readOrRefuse(() => chairMonthlyReport(viewer, query));
  const included = includesPartnersOnly(request);
  return {
    report: printableReport(report, included),
    published,
    included,
    preview: publicationPreview(report),
  };
}

export async function action({ request, params: raw }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const query = pathParams(params, raw);
  return runAction(async () => {
    await ensureReportChair(viewer, query.assemblySlug);
    const form = await readForm(request);
    if (form.get("intent") !== "publish")
      throw invalid("Choose what to do.", { intent: ["Unknown action."] });
    // Nothing is published until the chair has ticked the confirmation.
    const parsed = parseFormData(form, publishForm);
    if (!parsed.ok) throw invalid(CONFIRM_MESSAGE, parsed.fieldErrors);
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

function count(n: number, one: string, many: string) {
  return `${n} ${n === 1 ? one : many}`;
}

export default function DraftReport() {
  const { report, published, preview, included } = useLoaderData<typeof loader>();
  const form = useFormFailure<typeof action>();
  const publicUrl = `/reports/${report.assembly.slug}/${report.month}`;
  const confirmError = form.errors?.confirm?.[0] ?? null;
  return (
    <>
      <nav aria-label="Reports" className="no-print">
        <Link to="/reports">All monthly reports</Link>
      </nav>
      {form.failed ? (
        <div className="notice no-print border-red-700" role="alert">
          <p className="mb-0 font-bold">{form.message}</p>
        </div>
      ) : null}
      {published ? (
        <div className="notice no-print">
          <p className="mb-0">
            Published on <When at={published.publishedAt} />
            {published.publishedBy ? ` by ${published.publishedBy}` : ""}. This is the report as it was kept;{" "}
            <Link to={publicUrl}>read the public version</Link>.
          </p>
        </div>
      ) : (
        <div className="notice no-print">
          <p className="mb-0">
            This report is made from the records as they are now. Print it with your browser’s print command.
            Publishing keeps it as it is and puts the public version, without partners-only work, at{" "}
            {/* Not a link yet: the address answers "not found" until the report is published. */}
            <code className="wrap-anywhere">{publicUrl}</code>. It is then linked from the assembly’s
            neighbourhood pages and from How we’re doing. A published report cannot be changed or withdrawn.{" "}
            <a href="#publish-heading">Publish it after the report</a>.
          </p>
        </div>
      )}
      <PartnersPrintout included={included} what="report" />
      <MonthlyReport report={report} />
      {published ? null : (
        <section aria-labelledby="publish-heading" className="no-print mb-8">
          <h2 id="publish-heading">What will become public</h2>
          <ul className="list-disc pl-6" aria-labelledby="publish-heading">
            <li>{count(preview.priorities, "priority", "priorities")} with what residents said</li>
            <li>
              {count(preview.publicTasks, "public task", "public tasks")} and{" "}
              {count(preview.publicUpdates, "public update", "public updates")}, with their figures
            </li>
            <li>stale priorities and overdue public work, by agency</li>
            <li>{count(preview.upcomingMeetings, "upcoming meeting", "upcoming meetings")}</li>
            <li>the month’s figures and the police.uk crime figures</li>
          </ul>
          <h2 id="private-heading">What stays with the partners</h2>
          <ul className="list-disc pl-6" aria-labelledby="private-heading">
            <li>
              {count(preview.partnersOnlyTasks, "partners-only task", "partners-only tasks")} and{" "}
              {count(preview.partnersOnlyUpdates, "partners-only update", "partners-only updates")}
            </li>
            <li>
              {count(preview.declined, "declined task", "declined tasks")} and{" "}
              {count(preview.unaccepted, "task not yet accepted", "tasks not yet accepted")}, with reasons
            </li>
          </ul>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="publish" />
            <div
              className={`mb-4 flex items-start gap-2 ${confirmError ? "border-l-4 border-red-700 pl-3" : ""}`}
            >
              <input
                type="checkbox"
                id="confirm"
                name="confirm"
                value="yes"
                className="mt-1 h-5 w-5"
                aria-describedby={confirmError ? "confirm-error" : undefined}
                aria-invalid={confirmError ? true : undefined}
              />
              <label htmlFor="confirm">
                {confirmError ? (
                  <span id="confirm-error" className="field-error block">
                    <span className="sr-only">Error: </span>
                    {confirmError}
                  </span>
                ) : null}
                I have read this report and want to publish its public version for {report.monthLabel}
              </label>
            </div>
            <button type="submit" className="button">
              Publish the {report.monthLabel} report
            </button>
          </Form>
        </section>
      )}
    </>
  );
}
