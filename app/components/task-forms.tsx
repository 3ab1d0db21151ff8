// Shared pieces of the partner task pages: the task's heading, the "this task
// changed" panel of a stale form, figure rows, and the public-text check.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { Figures, OnDay, StatusTag } from "~/components/public-feedback";
import { PUBLIC_TEXT_REMINDER, publicTextWarnings } from "~/domain/core/public-text";
import { type FieldErrors, type FormValues, listOf } from "~/lib/form-result";

/** At most this many figure rows on an update or outcome form (empty rows are ignored). */
export const FIGURE_ROWS = 10;

/** The form's submit value that asks for one more figure row (works without JavaScript). */
export const ADD_FIGURE = "add-figure";

export type TaskNow = {
  id: number;
  version: number;
  status: string;
  statusLabel: string;
  assigneeName: string | null;
  actionPlan: string | null;
  dueDate: string;
  declineReason: string | null;
  outcomeSummary: string | null;
  updatedAt: string;
};

/** A task as the domain sends it back with a stale form (`current`), or nothing. */
export function taskNow(current: unknown): TaskNow | undefined {
  return isTaskNow(current) ? current : undefined;
}

function isTaskNow(value: unknown): value is TaskNow {
  return (
    typeof value === "object" &&
    value !== null &&
    "version" in value &&
    typeof value.version === "number" &&
    "statusLabel" in value &&
    typeof value.statusLabel === "string"
  );
}

type Figure = { label: string; value: number; unit: string };

/** The version the form sends: the one the person last saw (the newer one after a stale refusal). */
export function VersionInput({ version }: { version: number }) {
  return <input type="hidden" name="version" value={String(version)} readOnly />;
}

export function TaskContext({
  task,
  children,
}: {
  task: { id: number; title: string; agencyName: string; statusLabel: string; dueDate: string };
  children?: ReactNode;
}) {
  return (
    <div className="mb-6 border-l-4 border-brand pl-3">
      <p className="mb-1">
        <Link to={`/tasks/${task.id}`}>{task.title}</Link> — {task.agencyName}
      </p>
      <p className="mb-1">
        <StatusTag label={task.statusLabel} /> Due by <OnDay day={task.dueDate} />
      </p>
      {children}
    </div>
  );
}

/** Shown next to a stale form: what the task looks like now. */
export function StalePanel(props: { current?: unknown }) {
  const current = taskNow(props.current);
  if (!current) return null;
  return (
    <section aria-labelledby="task-now" className="mb-6 border-4 border-amber-600 p-4">
      <h2 id="task-now" className="mt-0">
        The task as it is now
      </h2>
      <dl className="space-y-1">
        <div className="flex flex-wrap gap-x-2">
          <dt>Status:</dt>
          <dd className="font-bold">{current.statusLabel}</dd>
        </div>
        <div className="flex flex-wrap gap-x-2">
          <dt>Assigned to:</dt>
          <dd className="font-bold">{current.assigneeName ?? "No one"}</dd>
        </div>
        <div className="flex flex-wrap gap-x-2">
          <dt>Due by:</dt>
          <dd className="font-bold">
            <OnDay day={current.dueDate} />
          </dd>
        </div>
        {current.actionPlan ? (
          <div>
            <dt>Action plan:</dt>
            <dd className="whitespace-pre-line">{current.actionPlan}</dd>
          </div>
        ) : null}
        {current.declineReason ? (
          <div>
            <dt>Reason declined:</dt>
            <dd className="whitespace-pre-line">{current.declineReason}</dd>
          </div>
        ) : null}
        {current.outcomeSummary ? (
          <div>
            <dt>Outcome:</dt>
            <dd className="whitespace-pre-line">{current.outcomeSummary}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

/** Figure rows: what was counted, the number, and an optional unit. Works without JavaScript. */
export function FigureRows({
  values,
  errors,
  suggestions,
}: {
  values?: FormValues;
  errors?: FieldErrors;
  suggestions: string[];
}) {
  const labels = listOf(values?.figureLabel);
  const numbers = listOf(values?.figureValue);
  const units = listOf(values?.figureUnit);
  // One row to start with (light on a phone); one more each time "Add another figure" is pressed.
  const rows = Math.min(FIGURE_ROWS, Math.max(1, labels.length + (values?.intent === ADD_FIGURE ? 1 : 0)));
  return (
    <fieldset className="mb-6" aria-describedby="figures-hint">
      <legend className="field-label text-lg">Figures (optional)</legend>
      <p id="figures-hint" className="mb-3 text-muted">
        What you counted, like “patrols: 12” or “alcohol seized: 31 litres”. Leave a row empty if you have
        nothing to count.
      </p>
      <datalist id="figure-suggestions">
        {suggestions.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      {Array.from({ length: rows }, (_, i) => {
        const rowErrors = ["label", "value", "unit"].flatMap(
          (f) => errors?.[`figure-${i}-${f}`]?.slice(0, 1) ?? [],
        );
        return (
          <div
            key={i}
            className={`mb-3 flex flex-wrap gap-2 ${rowErrors.length ? "border-l-4 border-red-700 pl-3" : ""}`}
          >
            <p className="sr-only">Figure {i + 1}</p>
            {rowErrors.map((message) => (
              <p key={message} id={`figure-${i}-error`} className="field-error mb-1 w-full">
                <span className="sr-only">Error: </span>
                {message}
              </p>
            ))}
            <div className="min-w-40 flex-1">
              <label htmlFor={`figure-${i}-label`} className="field-label">
                Figure {i + 1}: what was counted
              </label>
              <input
                id={`figure-${i}-label`}
                name="figureLabel"
                list="figure-suggestions"
                defaultValue={labels[i] ?? ""}
                className="field-input"
                aria-invalid={errors?.[`figure-${i}-label`] ? true : undefined}
                aria-describedby={rowErrors.length ? `figure-${i}-error` : undefined}
              />
            </div>
            <div className="w-28">
              <label htmlFor={`figure-${i}-value`} className="field-label">
                Number
              </label>
              <input
                id={`figure-${i}-value`}
                name="figureValue"
                inputMode="decimal"
                defaultValue={numbers[i] ?? ""}
                className="field-input"
                aria-invalid={errors?.[`figure-${i}-value`] ? true : undefined}
                aria-describedby={rowErrors.length ? `figure-${i}-error` : undefined}
              />
            </div>
            <div className="w-32">
              <label htmlFor={`figure-${i}-unit`} className="field-label">
                Unit (optional)
              </label>
              <input
                id={`figure-${i}-unit`}
                name="figureUnit"
                defaultValue={units[i] ?? ""}
                className="field-input"
                aria-invalid={errors?.[`figure-${i}-unit`] ? true : undefined}
              />
            </div>
          </div>
        );
      })}
      {rows < FIGURE_ROWS ? (
        <button type="submit" name="intent" value={ADD_FIGURE} className="button-secondary">
          Add another figure
        </button>
      ) : null}
    </fieldset>
  );
}

/** Carries every submitted value through the "check your public text" step. */
export function HiddenValues({ values, skip = [] }: { values: FormValues; skip?: string[] }) {
  return (
    <>
      {Object.entries(values)
        .filter(([key]) => !skip.includes(key))
        .flatMap(([key, value]) =>
          listOf(value).map((one, index) => (
            <input key={`${key}-${index}`} type="hidden" name={key} value={one} readOnly />
          )),
        )}
    </>
  );
}

export const FIGURE_LABELS = (rows: number): Record<string, string> =>
  Object.fromEntries(
    Array.from({ length: rows }, (_, i) =>
      ["label", "value", "unit"].map((field) => [`figure-${i}-${field}`, `Figure ${i + 1}`]),
    ).flat(),
  );

/** The "check your public text" step: the reminder of what must not be published, then the text as residents will read it. */
export function PublicTextCheck({ text, figures }: { text: string; figures?: Figure[] }) {
  const warnings = publicTextWarnings(text);
  return (
    <>
      <div className="mb-6 border-l-8 border-amber-600 bg-amber-50 p-4">
        <h2 className="mt-0">Before you publish</h2>
        <p className="mb-0">{PUBLIC_TEXT_REMINDER}</p>
        {warnings.length ? (
          <ul className="mt-3 list-disc pl-6 font-bold">
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        ) : null}
      </div>
      <h2>What residents will read</h2>
      <blockquote className="mb-6 border-l-4 border-gray-400 pl-4">
        <p className="whitespace-pre-line">{text}</p>
        <Figures figures={figures ?? []} />
      </blockquote>
    </>
  );
}
