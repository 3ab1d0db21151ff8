import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary, Select, useFormFailure } from "~/components/forms";
import { Breadcrumbs } from "~/components/public-feedback";
import { StalePanel, TaskContext, taskNow, VersionInput } from "~/components/task-forms";
import { reassignTask } from "~/domain/tasks";
import { loadTaskForViewer, reassignSchema, taskMoveAction } from "~/http/task-forms.server";

const LABELS = { assigneeUserId: "Who will do it" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { page } = await loadTaskForViewer(request, params);
  if (!page.can.reassign)
    throw new Response("Only the agency's coordinators can reassign its tasks.", { status: 403 });
  return { task: page.task, members: page.members };
}

export const action = taskMoveAction(reassignSchema, reassignTask, "reassigned");

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Reassign: ${data.task.title} — One Dialogue` : "Reassign a task — One Dialogue" },
];

export default function ReassignTask() {
  const { task, members } = useLoaderData<typeof loader>();
  const { failure, errors, value } = useFormFailure<typeof action>();
  const version = taskNow(failure?.current)?.version ?? task.version;
  return (
    <>
      <Breadcrumbs items={[{ to: `/tasks/${task.id}`, label: task.title }, { label: "Reassign" }]} />
      <h1>Reassign the task</h1>
      <ErrorSummary errors={errors} labels={LABELS} />
      <StalePanel current={failure?.current} />
      <TaskContext task={task}>
        <p className="mb-0">Now assigned to: {task.assigneeName ?? "no one"}</p>
      </TaskContext>
      <Form method="post" noValidate key={version}>
        <VersionInput version={version} />
        <Select
          name="assigneeUserId"
          label={LABELS.assigneeUserId}
          errors={errors}
          defaultValue={value("assigneeUserId") ?? String(task.assigneeUserId ?? "none")}
          options={[
            { value: "none", label: "No one (the agency’s inbox)" },
            ...members.map((m) => ({ value: String(m.id), label: m.name })),
          ]}
        />
        <button type="submit" className="button">
          Save
        </button>
      </Form>
    </>
  );
}
