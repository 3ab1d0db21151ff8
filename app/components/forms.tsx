// Form pieces in the GOV.UK pattern: an error summary at the top that links to
// each field, and each field with its own message; `useFormFailure` reads what
// the route's action sent back. See "Forms" in the README.
import { useActionData } from "@remix-run/react";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { type FieldErrors, type FieldsOf, firstOf, isFormFailure, listOf } from "~/lib/form-result";

export type { FieldErrors };

/**
 * The form the route's action sent back, typed by that action (and so by its
 * schema): `value("name")` is what was typed in a field, `all("name")` every
 * value of a repeated one, `valueOr("name", saved)` the typed value or the saved one, `errors` the per-field messages, `failure` the whole
 * answer with anything the route added. Empty when the form has not come back.
 */
export function useFormFailure<Action>() {
  return readFormFailure(useActionData<Action>());
}

/** `useFormFailure` for an action answer already in hand. */
export function readFormFailure<R>(result: R) {
  const failure = isFormFailure(result) ? result : undefined;
  const values: Record<string, string | string[] | undefined> = failure?.values ?? {};
  return {
    failure,
    failed: failure !== undefined,
    errors: failure?.fieldErrors,
    message: failure?.message,
    value: (name: FieldsOf<typeof failure>) => firstOf(values[name]),
    all: (name: FieldsOf<typeof failure>) => listOf(values[name]),
    /** What to show in a field: what was typed when the form came back, else `saved`. */
    valueOr: (name: FieldsOf<typeof failure>, saved = "") =>
      failure ? (firstOf(values[name]) ?? "") : saved,
  };
}

export function ErrorSummary({
  errors,
  labels = {},
}: {
  errors?: FieldErrors;
  labels?: Record<string, string>;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors ?? {}).filter(([, messages]) => messages?.length);
  useEffect(() => {
    if (entries.length) ref.current?.focus();
  });
  if (!entries.length) return null;
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="alert"
      aria-labelledby="error-summary-title"
      className="mb-6 border-4 border-red-700 p-4"
    >
      <h2 id="error-summary-title" className="mt-0">
        There is a problem
      </h2>
      <ul className="list-none space-y-1">
        {entries.map(([field, messages]) => (
          <li key={field}>
            {field === "form" ? (
              <span className="field-error">{messages?.[0]}</span>
            ) : (
              <a href={`#${field}`} className="field-error">
                {labels[field] ? `${labels[field]}: ` : ""}
                {messages?.[0]}
              </a>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

type FieldProps = {
  name: string;
  label: string;
  hint?: string;
  errors?: FieldErrors;
  children: (props: {
    id: string;
    name: string;
    "aria-describedby"?: string;
    "aria-invalid"?: true;
  }) => ReactNode;
};

export function Field({ name, label, hint, errors, children }: FieldProps) {
  const error = errors?.[name]?.[0];
  const describedBy = [hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean).join(" ");
  return (
    <div className={`mb-5 ${error ? "border-l-4 border-red-700 pl-3" : ""}`}>
      <label htmlFor={name} className="field-label">
        {label}
      </label>
      {hint ? (
        <p id={`${name}-hint`} className="mb-1 text-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${name}-error`} className="field-error mb-1">
          <span className="sr-only">Error: </span>
          {error}
        </p>
      ) : null}
      {children({
        id: name,
        name,
        "aria-describedby": describedBy || undefined,
        "aria-invalid": error ? true : undefined,
      })}
    </div>
  );
}

export function TextField(props: {
  name: string;
  label: string;
  hint?: string;
  errors?: FieldErrors;
  defaultValue?: string;
  type?: string;
  autoComplete?: string;
  required?: boolean;
  /** The id of a <datalist> of suggestions. */
  list?: string;
}) {
  return (
    <Field {...props}>
      {(field) => (
        <input
          {...field}
          type={props.type ?? "text"}
          defaultValue={props.defaultValue}
          autoComplete={props.autoComplete}
          list={props.list}
          required={props.required}
          className="field-input"
        />
      )}
    </Field>
  );
}

export function TextArea(props: {
  name: string;
  label: string;
  hint?: string;
  errors?: FieldErrors;
  defaultValue?: string;
  rows?: number;
  required?: boolean;
}) {
  return (
    <Field {...props}>
      {(field) => (
        <textarea
          {...field}
          rows={props.rows ?? 4}
          defaultValue={props.defaultValue}
          required={props.required}
          className="field-input"
        />
      )}
    </Field>
  );
}

export function Select(props: {
  name: string;
  label: string;
  hint?: string;
  errors?: FieldErrors;
  defaultValue?: string;
  options: Array<{ value: string; label: string }>;
  placeholder?: string;
}) {
  return (
    <Field {...props}>
      {(field) => (
        <select {...field} defaultValue={props.defaultValue ?? ""} className="field-input">
          {props.placeholder !== undefined ? <option value="">{props.placeholder}</option> : null}
          {props.options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/**
 * Progressive disclosure for a group of radios: without JavaScript every option's
 * fields show; with it, only the chosen option's (the GOV.UK conditional reveal).
 */
export function useReveal(name: string, initial: string) {
  const [chosen, setChosen] = useState(initial);
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  return {
    onChange: (event: FormEvent) => {
      const input = event.target;
      if (input instanceof HTMLInputElement && input.name === name) setChosen(input.value);
    },
    shows: (value: string) => !enhanced || chosen === value,
  };
}
