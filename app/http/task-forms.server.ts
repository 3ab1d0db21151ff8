// Input schemas and the shared action plumbing for the partner task forms
// (routes tasks.$id.*). The rules themselves live in app/domain/tasks/.
import { type ActionFunctionArgs, data, redirect } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { env } from "~/config/env.server";
import type { Viewer } from "~/domain/core/access";
import { DomainError, STALE_TASK_MESSAGE } from "~/domain/core/errors";
import { parseId } from "~/domain/core/ids";
import { type Figure, getTaskPage, type TaskOptions } from "~/domain/tasks";
import type { FieldErrors } from "~/lib/form-result";
import { clientAddress } from "./client-address.server";
import {
  checkbox,
  type FormFailure,
  type FormValues,
  id,
  optionalText,
  parseFormData,
  readForm,
  text,
} from "./forms.server";
import { readOrRefuse, throwIfPageRefused } from "./responses.server";

/**
 * What a task form's action answers when it does not redirect: the form's
 * failure (app/lib/form-result.ts) and the stage to show — "edit" the form, or
 * "preview" the public text before posting.
 */
export type TaskFormState<F extends string = string> = FormFailure<F> & {
  stage: "edit" | "preview";
  figures?: Figure[];
};

const list = z.preprocess(
  (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
  z.array(z.string().max(200, "Keep each figure shorter")),
);

const figureFields = { figureLabel: list, figureValue: list, figureUnit: list };

type FigureFields = { figureLabel: string[]; figureValue: string[]; figureUnit: string[] };

/** Validates the figure rows (per-row messages) and turns them into figures. */
function figuresOf(rows: FigureFields, ctx: z.RefinementCtx | null): Figure[] {
  const figures: Figure[] = [];
  const count = Math.max(rows.figureLabel.length, rows.figureValue.length, rows.figureUnit.length);
  for (let i = 0; i < count; i++) {
    const label = (rows.figureLabel[i] ?? "").trim();
    const raw = (rows.figureValue[i] ?? "").trim().replace(/,/g, "");
    const unit = (rows.figureUnit[i] ?? "").trim();
    if (!label && !raw && !unit) continue;
    const issue = (field: string, message: string) =>
      ctx?.addIssue({ code: "custom", path: [`figure-${i}-${field}`], message });
    if (!label) issue("label", `Enter what figure ${i + 1} counts, like “patrols”`);
    if (label.length > 100) issue("label", `What figure ${i + 1} counts must be 100 characters or fewer`);
    if (unit.length > 40) issue("unit", `The unit of figure ${i + 1} must be 40 characters or fewer`);
    const valid = /^\d{1,10}(\.\d{1,2})?$/.test(raw);
    if (!valid) issue("value", `Enter figure ${i + 1} as a number of 0 or more, like 16`);
    figures.push({ label, value: valid ? Number(raw) : Number.NaN, unit });
  }
  return figures;
}

const version = id("the version of the task");

export const acceptSchema = z.object({
  version,
  assigneeUserId: z.preprocess((v) => (v === "" ? undefined : v), id("who will do it").optional()),
  actionPlan: optionalText("the action plan", 4000),
});

export const actionPlanSchema = z.object({ version, actionPlan: text("the action plan", 4000) });

export const declineSchema = z.object({
  version,
  reason: text("why your agency cannot take this task", 2000),
  suggestedAgencyId: z.preprocess((v) => (v === "" ? undefined : v), id("an agency").optional()),
});

export const reopenSchema = z.object({ version, reason: text("why the task is reopened", 2000) });

export const reassignSchema = z.object({
  version,
  assigneeUserId: z.preprocess((v) => (v === "" || v === "none" ? null : v), id("who will do it").nullable()),
});

const intent = z.enum(["preview", "publish", "edit"]).catch("preview");

export const updateSchema = z
  .object({
    version,
    intent,
    body: text("what was done", 4000),
    visibility: z.enum(["public", "partners_only"], { error: "Choose who can see this update" }),
    markInProgress: checkbox,
    safeguardingReferral: checkbox,
    ...figureFields,
  })
  .superRefine((value, ctx) => {
    figuresOf(value, ctx);
  })
  .transform((value) => ({ ...value, figures: figuresOf(value, null) }));

export const completeSchema = z
  .object({
    version,
    intent,
    outcomeSummary: text("what changed, for residents to read", 4000),
    residentsAsked: z.enum(["yes", "no"], { error: "Say whether residents were asked if things improved" }),
    residentsSaid: optionalText("what residents said", 2000),
    ...figureFields,
  })
  .superRefine((value, ctx) => {
    figuresOf(value, ctx);
  })
  .transform((value) => ({ ...value, figures: figuresOf(value, null) }));

export const mailPreferenceSchema = z.object({
  mailPreference: z.enum(["immediate", "digest"], { error: "Choose how you want to get e-mails" }),
});

/** The task id from the path; anything else is a 404. */
export function taskIdFrom(params: Record<string, string | undefined>): number {
  const id = parseId(params.id);
  if (id === null) throw new Response("There is no such task.", { status: 404 });
  return id;
}

/** The form shown again as typed ("change it", "add another figure"). */
export function editAgain<F extends string>(values: FormValues<F>) {
  return data<TaskFormState<F>>(
    { ok: false, stage: "edit", message: "", fieldErrors: {}, values },
    { status: 200 },
  );
}

/** The public text shown back before it is posted, with every value carried on. */
export function previewAgain<F extends string>(values: FormValues<F>, figures: Figure[]) {
  return data<TaskFormState<F>>({
    ok: false,
    stage: "preview",
    message: "",
    fieldErrors: {},
    values,
    figures,
  });
}

/** A form that did not parse: per-field messages, the values kept. */
export function taskFormProblem<F extends string>(failure: FormFailure<F>) {
  return data<TaskFormState<F>>({ ...failure, stage: "edit" }, { status: 400 });
}

/**
 * Runs a domain change for a task form. A refusal the person can fix comes back
 * as form data with their input kept (400; 409 with the task as it is now when
 * the form was stale); forbidden and not found become 403 and 404.
 */
export async function runTaskChange<T, F extends string>(values: FormValues<F>, change: () => Promise<T>) {
  try {
    return { done: true as const, result: await change() };
  } catch (error) {
    throwIfPageRefused(error);
    if (!(error instanceof DomainError)) throw error;
    const stale = error.kind === "conflict";
    const fieldErrors: FieldErrors = stale
      ? {
          form: [
            `${STALE_TASK_MESSAGE} Check how it is now, below. Your changes are kept: send them again if they still apply.`,
          ],
        }
      : Object.keys(error.fieldErrors).length
        ? error.fieldErrors
        : { form: [error.message] };
    return {
      done: false as const,
      response: data<TaskFormState<F>>(
        { ok: false, stage: "edit", message: error.message, fieldErrors, values, current: error.current },
        { status: stale ? 409 : 400 },
      ),
    };
  }
}

/** The signed-in person and the task page, for a task route's loader (403/404 when not allowed). */
export async function loadTaskForViewer(request: Request, params: Record<string, string | undefined>) {
  const taskId = taskIdFrom(params);
  const viewer = await requireUser(request);
  return { viewer, page: await readOrRefuse(() => getTaskPage(viewer, taskId)) };
}

/** The audit and e-mail options for a change made through a route. */
export function changeOptions(context: unknown): TaskOptions {
  return { publicUrl: env().PUBLIC_URL, address: clientAddress(context) };
}

/**
 * The action of a task form that makes one move with no preview (accept,
 * action plan, decline, reassign, reopen): parse the form, make the move, and
 * go back to the task saying what was `done`; a refusal comes back to the form.
 */
export function taskMoveAction<S extends z.ZodType>(
  schema: S,
  move: (viewer: Viewer, input: { taskId: number } & z.infer<S>, options: TaskOptions) => Promise<unknown>,
  done: string,
) {
  return async ({ request, params, context }: ActionFunctionArgs) => {
    const taskId = taskIdFrom(params);
    const { viewer } = await loadTaskForViewer(request, params);
    const parsed = parseFormData(await readForm(request), schema);
    if (!parsed.ok) return taskFormProblem(parsed);
    const outcome = await runTaskChange(parsed.values, () =>
      move(viewer, Object.assign({ taskId }, parsed.data), changeOptions(context)),
    );
    if (!outcome.done) return outcome.response;
    throw redirect(`/tasks/${taskId}?done=${done}`);
  };
}
