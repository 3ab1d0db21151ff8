import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ChairCrumbs, Conflict, Day, Flag, Radios } from "~/components/chair";
import { ErrorSummary, Select, TextArea, TextField, useFormFailure } from "~/components/forms";
import { StatusTag } from "~/components/public-feedback";
import { env } from "~/config/env.server";
import { decideDeclinedTask, getTaskForChair, withdrawTask } from "~/domain/tasks/chair-tasks";
import { idParam, requireChairFor } from "~/http/chair.server";
import { declinedSchema, withdrawSchema } from "~/http/chair-forms.server";
import { badRequest, parseFormData, readForm } from "~/http/forms.server";
import { readOrRefuse, runAction } from "~/http/responses.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const taskId = idParam(params.id);
  const viewer = await requireChairFor(request, { task: taskId });
  return readOrRefuse(() => getTaskForChair(viewer, taskId));
}

// Two forms: withdraw a task, or decide what happens to a declined one.
export async function action({ request, params }: ActionFunctionArgs) {
  const taskId = idParam(params.id);
  const viewer = await requireChairFor(request, { task: taskId });
  const form = await readForm(request);
  const options = { publicUrl: env().PUBLIC_URL };
  if (form.get("intent") === "decide") {
    const parsed = parseFormData(form, declinedSchema);
    if (!parsed.ok) return badRequest(parsed);
    const { version, kind, agencyId, reason, dueDate, dueInWorkingDays } = parsed.data;
    const result = await runAction(
      () =>
        decideDeclinedTask(
          viewer,
          {
            taskId,
            version,
            decision:
              kind === "withdraw"
                ? { kind, reason: reason ?? "" }
                : kind === "offer_other"
                  ? { kind, agencyId: agencyId ?? 0, dueDate, dueInWorkingDays }
                  : { kind, dueDate, dueInWorkingDays },
          },
          options,
        ),
      parsed.values,
    );
    if (!("declined" in result)) {
      return result;
    }
    throw redirect(`/chair/priorities/${result.declined.priorityId}?saved=decided`);
  }
  const parsed = parseFormData(form, withdrawSchema);
  if (!parsed.ok) return badRequest(parsed);
  const result = await runAction(
    () => withdrawTask(viewer, { taskId, ...parsed.data }, options),
    parsed.values,
  );
  if (!("id" in result)) return result;
  throw redirect(`/chair/priorities/${result.priorityId}?saved=withdrawn`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.task.title ?? "Task"} — Chair workspace — One Dialogue` },
];

const LABELS = {
  kind: "What happens to the task",
  agencyId: "Another agency",
  dueInWorkingDays: "Working days to do the work",
  dueDate: "Or a due date",
  reason: "Why it is withdrawn",
};

export default function ChairTask() {
  const { task, priority, assemblyId, assemblyName, agencies, defaultDueWorkingDays } =
    useLoaderData<typeof loader>();
  const { errors, value, valueOr, message } = useFormFailure<typeof action>();
  const deciding = value("intent") === "decide";
  return (
    <>
      <ChairCrumbs
        items={[
          { to: `/chair/${assemblyId}`, label: assemblyName },
          { to: `/chair/priorities/${priority.id}`, label: priority.title },
          { label: task.title },
        ]}
      />
      <h1>{task.title}</h1>
      <p>
        {task.agencyName} <StatusTag label={task.statusLabel} />{" "}
        {task.partnersOnly ? "(partners only)" : null}
      </p>
      <Conflict message={message} />
      <ErrorSummary errors={errors} labels={LABELS} />
      <dl className="mb-6 space-y-2">
        <div>
          <dt className="font-bold">What is asked</dt>
          <dd>{task.ask}</dd>
        </div>
        <div>
          <dt className="font-bold">Answer due</dt>
          <dd>
            <Day day={task.acknowledgeBy} /> {task.isAnswerLate ? <Flag>Answer late</Flag> : null}
          </dd>
        </div>
        <div>
          <dt className="font-bold">Work due</dt>
          <dd>
            <Day day={task.dueDate} /> {task.isOverdue ? <Flag>Overdue</Flag> : null}
          </dd>
        </div>
        {task.declineReason ? (
          <div>
            <dt className="font-bold">Why it was declined</dt>
            <dd>
              {task.declineReason}
              {task.suggestedAgencyName ? ` They suggest ${task.suggestedAgencyName}.` : ""}
            </dd>
          </div>
        ) : null}
        {task.withdrawnReason ? (
          <div>
            <dt className="font-bold">Why it was withdrawn</dt>
            <dd>{task.withdrawnReason}</dd>
          </div>
        ) : null}
      </dl>

      {task.canReoffer ? (
        <section aria-labelledby="decide-heading" className="mb-10">
          <h2 id="decide-heading">Decide what happens to it</h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="decide" />
            <input type="hidden" name="version" value={task.version} />
            <Radios
              name="kind"
              legend={LABELS.kind}
              errors={deciding ? errors : undefined}
              defaultValue={valueOr("kind", task.suggestedAgencyName ? "offer_suggested" : "")}
              options={[
                ...(task.suggestedAgencyName
                  ? [
                      {
                        value: "offer_suggested",
                        label: `Offer it to ${task.suggestedAgencyName}, as suggested`,
                      },
                    ]
                  : []),
                { value: "offer_other", label: "Offer it to another agency" },
                { value: "withdraw", label: "Withdraw it" },
              ]}
            />
            <Select
              name="agencyId"
              label={LABELS.agencyId}
              errors={deciding ? errors : undefined}
              defaultValue={valueOr("agencyId")}
              placeholder="Choose one, if offering to another agency"
              options={agencies
                .filter((a) => a.id !== task.agencyId)
                .map((a) => ({ value: String(a.id), label: a.name }))}
            />
            <TextField
              name="dueInWorkingDays"
              label={LABELS.dueInWorkingDays}
              hint="If offering it again: counted from today, without weekends or bank holidays."
              errors={deciding ? errors : undefined}
              defaultValue={valueOr("dueInWorkingDays", String(defaultDueWorkingDays))}
            />
            <TextField
              name="dueDate"
              type="date"
              label={LABELS.dueDate}
              hint="Optional: a date replaces the working days above."
              errors={deciding ? errors : undefined}
              defaultValue={valueOr("dueDate")}
            />
            <TextArea
              name="reason"
              label={LABELS.reason}
              hint="If withdrawing it."
              errors={deciding ? errors : undefined}
              defaultValue={deciding ? valueOr("reason") : ""}
              rows={2}
            />
            <button type="submit" className="button">
              Save the decision
            </button>
          </Form>
        </section>
      ) : task.canWithdraw ? (
        <section aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">Withdraw the task</h2>
          <p>The agency is told by e-mail. A withdrawn task is not shown to the public.</p>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="withdraw" />
            <input type="hidden" name="version" value={task.version} />
            <TextArea
              name="reason"
              label={LABELS.reason}
              errors={deciding ? undefined : errors}
              defaultValue={deciding ? "" : valueOr("reason")}
              rows={2}
            />
            <button type="submit" className="button bg-red-700">
              Withdraw the task
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
