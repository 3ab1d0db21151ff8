import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary, TextArea, useFormFailure } from "~/components/forms";
import { Breadcrumbs, OnDay } from "~/components/public-feedback";
import { StalePanel, TaskContext, taskNow, VersionInput } from "~/components/task-forms";
import { submitActionPlan } from "~/domain/tasks";
import { actionPlanSchema, loadTaskForViewer, taskMoveAction } from "~/http/task-forms.server";

const LABELS = { actionPlan: "Action plan" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { page } = await loadTaskForViewer(request, params);
  if (!page.can.actionPlan)
    throw new Response("You cannot give an action plan for this task now.", { status: 403 });
  return { task: page.task };
}

export const action = taskMoveAction(actionPlanSchema, submitActionPlan, "action-plan");

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Action plan: ${data.task.title} — One Dialogue` : "Action plan — One Dialogue" },
];

export default function ActionPlan() {
  const { task } = useLoaderData<typeof loader>();
  const { failure, errors, value } = useFormFailure<typeof action>();
  const version = taskNow(failure?.current)?.version ?? task.version;
  return (
    <>
      <Breadcrumbs items={[{ to: `/tasks/${task.id}`, label: task.title }, { label: "Action plan" }]} />
      <h1>The action plan</h1>
      <ErrorSummary errors={errors} labels={LABELS} />
      <StalePanel current={failure?.current} />
      <TaskContext task={task}>
        <p className="mb-0">
          Due by <OnDay day={task.actionPlanDueBy} />
          {task.actionPlanLate ? " — late" : ""}.
        </p>
      </TaskContext>
      <Form method="post" noValidate key={version}>
        <VersionInput version={version} />
        <TextArea
          name="actionPlan"
          label={LABELS.actionPlan}
          hint="What your agency will do, and when. Partners and the chair see it; residents do not."
          errors={errors}
          defaultValue={value("actionPlan") ?? task.actionPlan ?? ""}
          rows={8}
        />
        <button type="submit" className="button">
          Save the action plan
        </button>
      </Form>
    </>
  );
}
