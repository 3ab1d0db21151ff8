import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary, TextArea, useFormFailure } from "~/components/forms";
import { Breadcrumbs } from "~/components/public-feedback";
import {
  ADD_FIGURE,
  FIGURE_LABELS,
  FIGURE_ROWS,
  FigureRows,
  HiddenValues,
  PublicTextCheck,
  StalePanel,
  TaskContext,
  taskNow,
  VersionInput,
} from "~/components/task-forms";
import { canMoveTask } from "~/domain/lifecycle/tasks";
import { postTaskUpdate, previewTaskUpdate } from "~/domain/tasks";
import { type FieldName, formValues, parseFormData, readForm } from "~/http/forms.server";
import {
  changeOptions,
  editAgain,
  loadTaskForViewer,
  previewAgain,
  runTaskChange,
  taskFormProblem,
  taskIdFrom,
  updateSchema,
} from "~/http/task-forms.server";

const LABELS = {
  body: "What was done",
  visibility: "Who can see this update",
  markInProgress: "Work has started",
  ...FIGURE_LABELS(FIGURE_ROWS),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { page } = await loadTaskForViewer(request, params);
  if (!page.can.update) throw new Response("You cannot post updates on this task now.", { status: 403 });
  return { task: page.task, publicUpdates: page.can.publicUpdates, suggestions: page.figureSuggestions };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const taskId = taskIdFrom(params);
  const { viewer } = await loadTaskForViewer(request, params);
  const form = await readForm(request);
  const { intent: _intent, ...values } = formValues<FieldName<typeof updateSchema>>(form);
  if (form.get("intent") === "edit") return editAgain(values);
  if (form.get("intent") === ADD_FIGURE) return editAgain({ ...values, intent: ADD_FIGURE });
  const parsed = parseFormData(form, updateSchema);
  if (!parsed.ok) return taskFormProblem(parsed);
  const { intent, version, body, visibility, figures, markInProgress, safeguardingReferral } = parsed.data;
  const input = { taskId, version, body, visibility, figures, markInProgress, safeguardingReferral };
  // Public text is shown back, with what must not be published, before it is posted.
  if (visibility === "public" && intent !== "publish") {
    const checked = await runTaskChange(parsed.values, () => previewTaskUpdate(viewer, input));
    if (!checked.done) return checked.response;
    return previewAgain(values, figures);
  }
  const outcome = await runTaskChange(parsed.values, () =>
    postTaskUpdate(viewer, { ...input, publicTextConfirmed: intent === "publish" }, changeOptions(context)),
  );
  if (!outcome.done) return outcome.response;
  throw redirect(`/tasks/${taskId}?done=update`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Post an update: ${data.task.title} — One Dialogue` : "Post an update — One Dialogue" },
];

export default function PostUpdate() {
  const { task, publicUpdates, suggestions } = useLoaderData<typeof loader>();
  const { failure, errors, value } = useFormFailure<typeof action>();
  const version = taskNow(failure?.current)?.version ?? task.version;
  const crumbs = [{ to: `/tasks/${task.id}`, label: task.title }, { label: "Post an update" }];

  if (failure?.stage === "preview") {
    return (
      <>
        <Breadcrumbs items={crumbs} />
        <h1>Check your public update</h1>
        <PublicTextCheck text={value("body") ?? ""} figures={failure.figures} />
        <Form method="post">
          <HiddenValues values={failure.values} />
          <div className="flex flex-wrap gap-3">
            <button type="submit" name="intent" value="publish" className="button">
              Publish this update
            </button>
            <button type="submit" name="intent" value="edit" className="button bg-gray-700">
              Change it
            </button>
          </div>
        </Form>
      </>
    );
  }

  const visibility = value("visibility") ?? task.confidentiality;
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>Post an update</h1>
      <ErrorSummary errors={errors} labels={LABELS} />
      <StalePanel current={failure?.current} />
      <TaskContext task={task} />
      <Form method="post" noValidate key={`${version}-${failure?.stage ?? "new"}`}>
        <VersionInput version={version} />
        <TextArea
          name="body"
          label={LABELS.body}
          hint="Plain English. Say what was done, where (a street, not a house), and what happens next."
          errors={errors}
          defaultValue={value("body")}
          rows={6}
        />
        <fieldset
          className={`mb-5 ${errors?.visibility ? "border-l-4 border-red-700 pl-3" : ""}`}
          aria-describedby={errors?.visibility ? "visibility-error" : "visibility-hint"}
        >
          <legend className="field-label">{LABELS.visibility}</legend>
          <p id="visibility-hint" className="mb-1 text-muted">
            {publicUpdates
              ? "Public updates appear on the priority’s “we did” page, its feed and e-mails to residents."
              : "This task is partners-only, so its updates are seen only by partners on this priority and the chair."}
          </p>
          {errors?.visibility ? (
            <p id="visibility-error" className="field-error mb-1">
              <span className="sr-only">Error: </span>
              {errors.visibility[0]}
            </p>
          ) : null}
          {publicUpdates ? (
            <div className="mb-2 flex items-center gap-2">
              <input
                type="radio"
                id="visibility"
                name="visibility"
                value="public"
                defaultChecked={visibility === "public"}
                className="h-8 w-8 shrink-0"
              />
              <label htmlFor="visibility">Public: residents can read it</label>
            </div>
          ) : null}
          <div className="mb-2 flex items-center gap-2">
            <input
              type="radio"
              id={publicUpdates ? "visibility-partners" : "visibility"}
              name="visibility"
              value="partners_only"
              defaultChecked={visibility === "partners_only" || !publicUpdates}
              className="h-8 w-8 shrink-0"
            />
            <label htmlFor={publicUpdates ? "visibility-partners" : "visibility"}>
              Partners only: the chair and partners on this priority
            </label>
          </div>
        </fieldset>
        <div className="mb-5 flex items-center gap-2">
          <input
            type="checkbox"
            id="safeguardingReferral"
            name="safeguardingReferral"
            defaultChecked={value("safeguardingReferral") === "on"}
            className="h-8 w-8 shrink-0"
          />
          <label htmlFor="safeguardingReferral">This records a safeguarding referral (never published)</label>
        </div>
        {canMoveTask("startWork", task.status) ? (
          <div className="mb-5 flex items-center gap-2">
            <input
              type="checkbox"
              id="markInProgress"
              name="markInProgress"
              defaultChecked={value("markInProgress") === "on"}
              className="h-8 w-8 shrink-0"
            />
            <label htmlFor="markInProgress">Work has started: mark the task as in progress</label>
          </div>
        ) : null}
        <FigureRows values={failure?.values} errors={errors} suggestions={suggestions} />
        <button type="submit" name="intent" value="preview" className="button">
          Continue
        </button>
      </Form>
    </>
  );
}
