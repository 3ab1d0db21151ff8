import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ChairCrumbs, Conflict, Day, Radios } from "~/components/chair";
import { ErrorSummary, TextArea, TextField, useFormFailure } from "~/components/forms";
import { ImprovementCountList } from "~/components/improvement";
import { env } from "~/config/env.server";
import { getPriorityForChair, type ReviewDecision, reviewPriority } from "~/domain/priorities/priorities";
import { idParam, requireChairFor } from "~/http/chair.server";
import { reviewSchema } from "~/http/chair-forms.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { readOrRefuse, runAction } from "~/http/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const priorityId = idParam(params.id);
  const viewer = await requireChairFor(request, { priority: priorityId });
  return readOrRefuse(() => getPriorityForChair(viewer, priorityId));
}

export async function action({ request, params }: ActionFunctionArgs) {
  const priorityId = idParam(params.id);
  const viewer = await requireChairFor(request, { priority: priorityId });
  const form = await readForm(request);
  const parsed = parseFormData(form, reviewSchema);
  if (!parsed.ok) return badRequest(parsed);
  const input = parsed.data;
  const decision: ReviewDecision =
    input.outcome === "continue" || input.outcome === "monitoring"
      ? { outcome: input.outcome, reviewDate: input.reviewDate ?? "" }
      : input.outcome === "resolved"
        ? { outcome: "resolved", outcomeSummary: input.outcomeSummary ?? "" }
        : input.outcome === "closed"
          ? { outcome: "closed", reason: input.reason ?? "" }
          : { outcome: "referred", referredTo: input.referredTo ?? "" };
  const result = await runAction(
    () =>
      reviewPriority(
        viewer,
        { priorityId, version: input.version, decision, openTasks: input.openTasks },
        { publicUrl: env().PUBLIC_URL },
      ),
    parsed.values,
  );
  if (!("priority" in result)) return result;
  throw redirect(`/chair/priorities/${priorityId}?saved=reviewed`);
}

export const meta: MetaFunction = () => [{ title: "Review a priority — Chair workspace — One Dialogue" }];

const LABELS = {
  outcome: "What the meeting decided",
  reviewDate: "Next review date",
  outcomeSummary: "Public outcome summary",
  reason: "Why it is closed",
  referredTo: "Referred to",
  openTasks: "What happens to the open tasks",
};

export default function ReviewPriority() {
  const { priority, assembly, openTasks, suggestedReviewDate, improvement } = useLoaderData<typeof loader>();
  const { errors, valueOr, message } = useFormFailure<typeof action>();
  return (
    <>
      <ChairCrumbs
        items={[
          { to: `/chair/${assembly.id}`, label: assembly.name },
          { to: `/chair/priorities/${priority.id}`, label: priority.title },
          { label: "Review" },
        ]}
      />
      <h1>Review: {priority.title}</h1>
      <p>
        Now {priority.statusLabel.toLowerCase()}, due for review on <Day day={priority.reviewDate} />.
      </p>
      <section aria-labelledby="improvement-heading">
        <h2 id="improvement-heading">Has it got better? Residents’ answers</h2>
        {improvement.total ? (
          <>
            <ImprovementCountList lines={improvement.lines} tooFew={improvement.tooFew} />
            <p>
              Saving the review keeps these answers with it, and a closed priority’s public page says what
              residents said.
            </p>
          </>
        ) : (
          <p>No resident has answered yet.</p>
        )}
      </section>
      <Conflict message={message} />
      <ErrorSummary errors={errors} labels={LABELS} />
      {!priority.isCurrent ? (
        <p>This priority is no longer current, so it cannot be reviewed.</p>
      ) : (
        <Form method="post" noValidate>
          <input type="hidden" name="version" value={priority.version} />
          <Radios
            name="outcome"
            legend={LABELS.outcome}
            errors={errors}
            defaultValue={valueOr("outcome")}
            options={[
              {
                value: "continue",
                label: "Continue: partners keep working on it",
                hint: "Give the next review date.",
              },
              {
                value: "monitoring",
                label: "Monitoring: it has improved; partners keep watch",
                hint: "Give the next review date.",
              },
              { value: "resolved", label: "Resolved", hint: "Write the public outcome summary." },
              {
                value: "closed",
                label: "Closed — no further action",
                hint: "Give the reason; it is published.",
              },
              { value: "referred", label: "Referred elsewhere", hint: "Say to whom." },
            ]}
          />
          <TextField
            name="reviewDate"
            type="date"
            label={LABELS.reviewDate}
            hint={`For continue or monitoring. The next meeting is on or by ${suggestedReviewDate}.`}
            errors={errors}
            defaultValue={valueOr("reviewDate", suggestedReviewDate)}
          />
          <TextArea
            name="outcomeSummary"
            label={LABELS.outcomeSummary}
            hint="If resolved: what changed, with figures where you have them."
            errors={errors}
            defaultValue={valueOr("outcomeSummary")}
            rows={3}
          />
          <TextArea
            name="reason"
            label={LABELS.reason}
            hint="If closed with no further action."
            errors={errors}
            defaultValue={valueOr("reason")}
            rows={2}
          />
          <TextField
            name="referredTo"
            label={LABELS.referredTo}
            hint="If referred elsewhere: the organisation or process."
            errors={errors}
            defaultValue={valueOr("referredTo")}
          />
          {openTasks.length ? (
            <Radios
              name="openTasks"
              legend={`If it is resolved, closed or referred: what happens to the ${openTasks.length === 1 ? "open task" : `${openTasks.length} open tasks`}?`}
              hint={openTasks
                .map((t) => `${t.title} (${t.agencyName}, ${t.statusLabel.toLowerCase()})`)
                .join("; ")}
              errors={errors}
              defaultValue={valueOr("openTasks")}
              options={[
                { value: "withdraw", label: "Withdraw them, and tell the agencies" },
                { value: "let_finish", label: "Let the agencies finish the work already under way" },
              ]}
            />
          ) : null}
          <button type="submit" className="button">
            Save the review
          </button>
        </Form>
      )}
    </>
  );
}
