import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary, TextArea, useFormFailure } from "~/components/forms";
import { Breadcrumbs } from "~/components/public-feedback";
import { StalePanel, TaskContext, taskNow, VersionInput } from "~/components/task-forms";
import { reopenTask } from "~/domain/tasks";
import { loadTaskForViewer, reopenSchema, taskMoveAction } from "~/http/task-forms.server";

const LABELS = { reason: "Why the task is reopened" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { page } = await loadTaskForViewer(request, params);
  if (!page.can.reopen) throw new Response("You cannot reopen this task.", { status: 403 });
  return { task: page.task };
}

export const action = taskMoveAction(reopenSchema, reopenTask, "reopened");

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Reopen: ${data.task.title} — One Dialogue` : "Reopen a task — One Dialogue" },
];

export default function ReopenTask() {
  const { task } = useLoaderData<typeof loader>();
  const { failure, errors, value } = useFormFailure<typeof action>();
  const version = taskNow(failure?.current)?.version ?? task.version;
  return (
    <>
      <Breadcrumbs items={[{ to: `/tasks/${task.id}`, label: task.title }, { label: "Reopen" }]} />
      <h1>Reopen the task</h1>
      <ErrorSummary errors={errors} labels={LABELS} />
      <StalePanel current={failure?.current} />
      <TaskContext task={task}>
        {task.outcomeSummary ? (
          <p className="mb-0 whitespace-pre-line">Outcome: {task.outcomeSummary}</p>
        ) : null}
      </TaskContext>
      <p>
        The task goes back to “in progress” and its outcome is taken off the public page until it is done
        again. The reason is kept for partners and the chair.
      </p>
      <Form method="post" noValidate key={version}>
        <VersionInput version={version} />
        <TextArea
          name="reason"
          label={LABELS.reason}
          errors={errors}
          defaultValue={value("reason")}
          rows={4}
        />
        <button type="submit" className="button">
          Reopen the task
        </button>
      </Form>
    </>
  );
}
