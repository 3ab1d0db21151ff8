import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary, TextArea, useFormFailure, useReveal } from "~/components/forms";
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
import { completeTask, previewCompletion } from "~/domain/tasks";
import { type FieldName, formValues, parseFormData, readForm } from "~/http/forms.server";
import {
  changeOptions,
  completeSchema,
  editAgain,
  loadTaskForViewer,
  previewAgain,
  runTaskChange,
  taskFormProblem,
  taskIdFrom,
} from "~/http/task-forms.server";

const LABELS = {
  outcomeSummary: "What changed",
  residentsAsked: "Were residents asked whether things improved?",
  residentsSaid: "What residents said",
  ...FIGURE_LABELS(FIGURE_ROWS),
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { page } = await loadTaskForViewer(request, params);
  if (!page.can.complete) throw new Response("You cannot complete this task now.", { status: 403 });
  return { task: page.task, isPublic: page.can.publicUpdates, suggestions: page.figureSuggestions };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const taskId = taskIdFrom(params);
  const { viewer } = await loadTaskForViewer(request, params);
  const form = await readForm(request);
  const { intent: _intent, ...values } = formValues<FieldName<typeof completeSchema>>(form);
  if (form.get("intent") === "edit") return editAgain(values);
  if (form.get("intent") === ADD_FIGURE) return editAgain({ ...values, intent: ADD_FIGURE });
  const parsed = parseFormData(form, completeSchema);
  if (!parsed.ok) return taskFormProblem(parsed);
  const { intent, version, outcomeSummary, figures } = parsed.data;
  const input = {
    taskId,
    version,
    outcomeSummary,
    figures,
    residentsAsked: parsed.data.residentsAsked === "yes",
    residentsSaid: parsed.data.residentsSaid ?? null,
  };
  if (intent !== "publish") {
    const checked = await runTaskChange(parsed.values, () => previewCompletion(viewer, input));
    if (!checked.done) return checked.response;
    // A public outcome is shown back first; a partners-only one is recorded straight away.
    if (checked.result.visibility === "public") {
      return previewAgain(values, figures);
    }
  }
  const outcome = await runTaskChange(parsed.values, () =>
    completeTask(viewer, { ...input, publicTextConfirmed: intent === "publish" }, changeOptions(context)),
  );
  if (!outcome.done) return outcome.response;
  throw redirect(`/tasks/${taskId}?done=completed`);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data
      ? `Record the outcome: ${data.task.title} — One Dialogue`
      : "Record the outcome — One Dialogue",
  },
];

/** What residents said, as it will be published after the outcome. */
const saidOf = (value: (name: "residentsAsked" | "residentsSaid") => string | undefined) =>
  value("residentsAsked") === "yes" && value("residentsSaid")
    ? `Residents were asked whether things got better. They said: ${value("residentsSaid")}`
    : "";

export default function CompleteTask() {
  const { task, isPublic, suggestions } = useLoaderData<typeof loader>();
  const { failure, errors, value } = useFormFailure<typeof action>();
  const version = taskNow(failure?.current)?.version ?? task.version;
  const crumbs = [{ to: `/tasks/${task.id}`, label: task.title }, { label: "Record the outcome" }];

  if (failure?.stage === "preview") {
    return (
      <>
        <Breadcrumbs items={crumbs} />
        <h1>Check the public outcome</h1>
        <PublicTextCheck
          text={[value("outcomeSummary") ?? "", saidOf(value)].filter(Boolean).join("\n\n")}
          figures={failure.figures}
        />
        <p>Residents were {value("residentsAsked") === "yes" ? "" : "not "}asked whether things improved.</p>
        <Form method="post">
          <HiddenValues values={failure.values} />
          <div className="flex flex-wrap gap-3">
            <button type="submit" name="intent" value="publish" className="button">
              Publish the outcome and mark the task done
            </button>
            <button type="submit" name="intent" value="edit" className="button bg-gray-700">
              Change it
            </button>
          </div>
        </Form>
      </>
    );
  }

  const residentsAsked = value("residentsAsked");
  const reveal = useReveal("residentsAsked", residentsAsked ?? "");
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>Record the outcome</h1>
      <ErrorSummary errors={errors} labels={LABELS} />
      <StalePanel current={failure?.current} />
      <TaskContext task={task} />
      <p>
        {isPublic
          ? "The outcome is public: it appears on the priority’s “we did” page. You will see it before it is published."
          : "This task is partners-only: the outcome is seen only by partners on this priority and the chair."}
      </p>
      <Form method="post" noValidate key={`${version}-${failure?.stage ?? "new"}`} onChange={reveal.onChange}>
        <VersionInput version={version} />
        <TextArea
          name="outcomeSummary"
          label={LABELS.outcomeSummary}
          hint="A short summary for residents: what was done and what is different now."
          errors={errors}
          defaultValue={value("outcomeSummary")}
          rows={6}
        />
        <fieldset
          className={`mb-5 ${errors?.residentsAsked ? "border-l-4 border-red-700 pl-3" : ""}`}
          aria-describedby={errors?.residentsAsked ? "residentsAsked-error" : undefined}
        >
          <legend className="field-label">{LABELS.residentsAsked}</legend>
          {errors?.residentsAsked ? (
            <p id="residentsAsked-error" className="field-error mb-1">
              <span className="sr-only">Error: </span>
              {errors.residentsAsked[0]}
            </p>
          ) : null}
          <div className="mb-2 flex items-center gap-2">
            <input
              type="radio"
              id="residentsAsked"
              name="residentsAsked"
              value="yes"
              defaultChecked={residentsAsked === "yes"}
              className="h-8 w-8 shrink-0"
            />
            <label htmlFor="residentsAsked">Yes</label>
          </div>
          <div hidden={!reveal.shows("yes")} className="mb-3 ml-10">
            <TextArea
              name="residentsSaid"
              label={`${LABELS.residentsSaid} (optional)`}
              hint={
                isPublic
                  ? "Public, shown with the outcome and checked before it is published: their words, with no names."
                  : "Seen by partners on this priority and the chair."
              }
              errors={errors}
              defaultValue={value("residentsSaid")}
              rows={3}
            />
          </div>
          <div className="mb-2 flex items-center gap-2">
            <input
              type="radio"
              id="residentsAsked-no"
              name="residentsAsked"
              value="no"
              defaultChecked={residentsAsked === "no"}
              className="h-8 w-8 shrink-0"
            />
            <label htmlFor="residentsAsked-no">No</label>
          </div>
        </fieldset>
        <FigureRows values={failure?.values} errors={errors} suggestions={suggestions} />
        <button type="submit" name="intent" value="preview" className="button">
          Continue
        </button>
      </Form>
    </>
  );
}
