// The one shape a form's action answers with when it does not redirect, shared by
// the server (app/http/forms.server.ts builds it) and the page
// (app/components/forms.tsx reads it). See "Forms" in the README.

/** Messages by field name ("form" for a problem with the whole form). */
export type FieldErrors = Record<string, string[] | undefined>;

/** What was typed, by field name; repeated fields (checkboxes, figure rows) as lists. */
export type FormValues<F extends string = string> = { [K in F]?: string | string[] };

/**
 * A form that comes back: the message, the per-field errors, and what was typed
 * so nothing is lost. `F` is the schema's field names, so a page can only ask
 * for a value the schema reads.
 */
export type FormFailure<F extends string = string> = {
  ok: false;
  message: string;
  fieldErrors: FieldErrors;
  values: FormValues<F>;
  /** For a stale form: the record as it is now, so the page can show it. */
  current?: unknown;
  /**
   * Type-only, never sent: the schema's field names. It keeps the failures of two
   * forms of one action apart when TypeScript joins them, so `FieldsOf` sees both.
   */
  fieldNames?: F[];
};

/** True for a form that came back (any action answer with `ok: false` and field errors). */
export function isFormFailure<R>(result: R): result is Extract<R, FormFailure<string>> {
  return (
    typeof result === "object" &&
    result !== null &&
    "ok" in result &&
    result.ok === false &&
    "fieldErrors" in result &&
    "values" in result
  );
}

/** The field names of an action answer's failures (the union over every failure it can give). */
export type FieldsOf<R> = R extends { ok: false; values: infer V } ? Extract<keyof V, string> : never;

/** A value as one string (the first, for a repeated field). */
export function firstOf(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A value as a list (empty when nothing was sent). */
export function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
