import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary, Select, TextArea, useFormFailure } from "~/components/forms";
import { Breadcrumbs } from "~/components/public-feedback";
import { StalePanel, TaskContext, taskNow, VersionInput } from "~/components/task-forms";
import { declineTask } from "~/domain/tasks";
import { declineSchema, loadTaskForViewer, taskMoveAction } from "~/http/task-forms.server";

const LABELS = {
  reason: "Why your agency cannot take this task",
  suggestedAgencyId: "Who could do it instead",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { page } = await loadTaskForViewer(request, params);
  if (!page.can.decline) throw new Response("This task cannot be declined by you now.", { status: 403 });
  return { task: page.task, otherAgencies: page.otherAgencies };
}

export const action = taskMoveAction(declineSchema, declineTask, "declined");

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Decline: ${data.task.title} — One Dialogue` : "Decline a task — One Dialogue" },
];

export default function DeclineTask() {
  const { task, otherAgencies } = useLoaderData<typeof loader>();
  const { failure, errors, value } = useFormFailure<typeof action>();
  const version = taskNow(failure?.current)?.version ?? task.version;
  return (
    <>
      <Breadcrumbs items={[{ to: `/tasks/${task.id}`, label: task.title }, { label: "Decline" }]} />
      <h1>Decline the task</h1>
      <ErrorSummary errors={errors} labels={LABELS} />
      <StalePanel current={failure?.current} />
      <TaskContext task={task}>
        <p className="mb-0 whitespace-pre-line">{task.ask}</p>
      </TaskContext>
      <p>The chair is e-mailed your reason and decides what happens next. Residents do not see it.</p>
      <Form method="post" noValidate key={version}>
        <VersionInput version={version} />
        <TextArea
          name="reason"
          label={LABELS.reason}
          errors={errors}
          defaultValue={value("reason")}
          rows={5}
        />
        <Select
          name="suggestedAgencyId"
          label={LABELS.suggestedAgencyId}
          hint="Optional."
          errors={errors}
          defaultValue={value("suggestedAgencyId") ?? ""}
          placeholder="No suggestion"
          options={otherAgencies.map((a) => ({ value: String(a.id), label: a.name }))}
        />
        <button type="submit" className="button">
          Decline the task
        </button>
      </Form>
    </>
  );
}
