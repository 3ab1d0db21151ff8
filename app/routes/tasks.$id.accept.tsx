import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary, Select, TextArea, useFormFailure } from "~/components/forms";
import { Breadcrumbs, OnDay } from "~/components/public-feedback";
import { StalePanel, TaskContext, taskNow, VersionInput } from "~/components/task-forms";
import { ACTION_PLAN_CALENDAR_DAYS } from "~/domain/lifecycle/tasks";
import { acceptTask } from "~/domain/tasks";
import { acceptSchema, loadTaskForViewer, taskMoveAction } from "~/http/task-forms.server";

const LABELS = { assigneeUserId: "Who will do it", actionPlan: "Action plan" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { page } = await loadTaskForViewer(request, params);
  if (!page.can.accept) throw new Response("This task cannot be accepted by you now.", { status: 403 });
  return { task: page.task, members: page.members };
}

export const action = taskMoveAction(acceptSchema, acceptTask, "accepted");

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Accept: ${data.task.title} — One Dialogue` : "Accept a task — One Dialogue" },
];

export default function AcceptTask() {
  const { task, members } = useLoaderData<typeof loader>();
  const { failure, errors, value } = useFormFailure<typeof action>();
  const version = taskNow(failure?.current)?.version ?? task.version;
  return (
    <>
      <Breadcrumbs items={[{ to: `/tasks/${task.id}`, label: task.title }, { label: "Accept" }]} />
      <h1>Accept the task</h1>
      <ErrorSummary errors={errors} labels={LABELS} />
      <StalePanel current={failure?.current} />
      <TaskContext task={task}>
        <p className="mb-0 whitespace-pre-line">{task.ask}</p>
      </TaskContext>
      <Form method="post" noValidate key={version}>
        <VersionInput version={version} />
        <Select
          name="assigneeUserId"
          label={LABELS.assigneeUserId}
          hint="Optional. You can reassign it later."
          errors={errors}
          defaultValue={value("assigneeUserId") ?? ""}
          placeholder="Not decided yet"
          options={members.map((m) => ({ value: String(m.id), label: m.name }))}
        />
        <TextArea
          name="actionPlan"
          label={LABELS.actionPlan}
          hint={`What your agency will do, and when. Optional now: you can give it later, within ${ACTION_PLAN_CALENDAR_DAYS} days of the offer.`}
          errors={errors}
          defaultValue={value("actionPlan")}
          rows={6}
        />
        <p>
          The action plan is due by <OnDay day={task.actionPlanDueBy} />.
        </p>
        <button type="submit" className="button">
          Accept the task
        </button>
      </Form>
    </>
  );
}
