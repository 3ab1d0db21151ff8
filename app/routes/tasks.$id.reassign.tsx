import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary, Select } from "~/components/forms";
import { Breadcrumbs } from "~/components/public-feedback";
import {
  firstValue,
  StalePanel,
  TaskContext,
  type TaskFormData,
  VersionInput,
} from "~/components/task-forms";
import { reassignTask } from "~/domain/tasks";
import { parseFormData, readForm } from "~/http/forms.server";
import {
  changeOptions,
  formProblem,
  loadTaskForViewer,
  reassignSchema,
  runTaskChange,
  taskIdFrom,
} from "~/http/task-forms.server";

const LABELS = { assigneeUserId: "Who will do it" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { page } = await loadTaskForViewer(request, params);
  if (!page.can.reassign)
    throw new Response("Only the agency's coordinators can reassign its tasks.", { status: 403 });
  return { task: page.task, members: page.members };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const taskId = taskIdFrom(params);
  const { viewer } = await loadTaskForViewer(request, params);
  const form = await readForm(request);
  const parsed = parseFormData(form, reassignSchema);
  if (!parsed.ok) return formProblem(parsed, form);
  const outcome = await runTaskChange(form, () =>
    reassignTask(viewer, { taskId, ...parsed.data }, changeOptions(context)),
  );
  if (!outcome.done) return outcome.response;
  throw redirect(`/tasks/${taskId}?done=reassigned`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Reassign: ${data.task.title} — One Dialogue` : "Reassign a task — One Dialogue" },
];

export default function ReassignTask() {
  const { task, members } = useLoaderData<typeof loader>();
  const state = useActionData<typeof action>() as TaskFormData | undefined;
  const errors = state?.fieldErrors;
  const version = state?.current?.version ?? task.version;
  return (
    <>
      <Breadcrumbs items={[{ to: `/tasks/${task.id}`, label: task.title }, { label: "Reassign" }]} />
      <h1>Reassign the task</h1>
      <ErrorSummary errors={errors} labels={LABELS} />
      <StalePanel current={state?.current} />
      <TaskContext task={task}>
        <p className="mb-0">Now assigned to: {task.assigneeName ?? "no one"}</p>
      </TaskContext>
      <Form method="post" noValidate key={version}>
        <VersionInput version={version} />
        <Select
          name="assigneeUserId"
          label={LABELS.assigneeUserId}
          errors={errors}
          defaultValue={firstValue(state?.values, "assigneeUserId") ?? String(task.assigneeUserId ?? "none")}
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
