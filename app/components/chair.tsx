// Shared pieces of the chair workspace pages.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { isoDateInWords } from "~/domain/core/words";
import type { FieldErrors } from "~/lib/form-result";

/** A refusal that is not about one field (a conflict): said plainly at the top of the form. */
export function Conflict({ message }: { message?: string }) {
  if (!message || message === "There is a problem") return null;
  return (
    <div role="alert" className="mb-6 border-4 border-red-700 p-4">
      <h2 className="mt-0">This could not be saved</h2>
      <p className="mb-0">{message}</p>
    </div>
  );
}

export function ChairCrumbs({ items }: { items: Array<{ to?: string; label: string }> }) {
  return (
    <nav aria-label="Breadcrumb" className="no-print mb-4 text-sm">
      <ol className="flex flex-wrap gap-2">
        <li>
          <Link to="/chair">Chair workspace</Link>
        </li>
        {items.map((item) => (
          <li key={item.label}>
            <span aria-hidden="true">›&nbsp;</span>
            {item.to ? <Link to={item.to}>{item.label}</Link> : <span aria-current="page">{item.label}</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function Day({ day }: { day: string }) {
  return <time dateTime={day}>{isoDateInWords(day)}</time>;
}

/** Flags in words with a bordered label: never colour alone. */
export function Flag({ children }: { children: ReactNode }) {
  return <strong className="status-tag mr-2 border-red-700 text-red-800">{children}</strong>;
}

export function PriorityFlags(props: { isOverdue: boolean; isStale: boolean; isReviewDue?: boolean }) {
  if (!props.isOverdue && !props.isStale && !props.isReviewDue) return null;
  return (
    <span>
      {props.isOverdue ? <Flag>Overdue work</Flag> : null}
      {props.isStale ? <Flag>Stale: no public update for six weeks</Flag> : null}
      {props.isReviewDue ? <Flag>Review due</Flag> : null}
    </span>
  );
}

export function Saved({ children }: { children: ReactNode }) {
  return (
    <div role="status" className="mb-6 border-4 border-green-800 p-4">
      <p className="mb-0 font-bold">{children}</p>
    </div>
  );
}

type Choice = { value: string; label: ReactNode; hint?: ReactNode };

/**
 * A group of radios or checkboxes with a legend, hint and error, in the GOV.UK
 * pattern: one accessible fieldset for both, the error linking to the first input.
 */
function ChoiceFieldset(props: {
  type: "radio" | "checkbox";
  name: string;
  legend: string;
  hint?: string;
  errors?: FieldErrors;
  options: Choice[];
  checked: (value: string) => boolean;
}) {
  const error = props.errors?.[props.name]?.[0];
  const describedBy = [props.hint ? `${props.name}-hint` : "", error ? `${props.name}-error` : ""]
    .filter(Boolean)
    .join(" ");
  return (
    <fieldset
      className={`mb-5 ${error ? "border-l-4 border-red-700 pl-3" : ""}`}
      aria-describedby={describedBy || undefined}
    >
      <legend className="field-label">{props.legend}</legend>
      {props.hint ? (
        <p id={`${props.name}-hint`} className="mb-1 text-muted">
          {props.hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${props.name}-error`} className="field-error mb-1">
          <span className="sr-only">Error: </span>
          {error}
        </p>
      ) : null}
      <ul className="space-y-2">
        {props.options.map((option, index) => {
          const fieldId = index === 0 ? props.name : `${props.name}-${option.value}`;
          return (
            <li key={option.value} className="flex items-start gap-2">
              <input
                type={props.type}
                id={fieldId}
                name={props.name}
                value={option.value}
                defaultChecked={props.checked(option.value)}
                className="h-8 w-8 shrink-0"
              />
              <label htmlFor={fieldId}>
                {option.label}
                {option.hint ? <span className="block text-muted">{option.hint}</span> : null}
              </label>
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}

type ChoiceProps = { name: string; legend: string; hint?: string; errors?: FieldErrors; options: Choice[] };

/** Checkboxes: every option ticked by `checked` starts ticked. */
export function Checkboxes(props: ChoiceProps & { checked: (value: string) => boolean }) {
  return <ChoiceFieldset type="checkbox" {...props} />;
}

/** Radios: the option equal to `defaultValue` starts chosen. */
export function Radios({ defaultValue, ...props }: ChoiceProps & { defaultValue?: string }) {
  return <ChoiceFieldset type="radio" checked={(value) => value === defaultValue} {...props} />;
}
