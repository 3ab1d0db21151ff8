// Every form input is parsed with zod here: one way to read a form, one shape
// of answer when it comes back (app/lib/form-result.ts). See "Forms" in the README.
import { data } from "@remix-run/node";
import { z } from "zod";
import { hasControlCharacters } from "~/domain/core/control-characters";
import { idField } from "~/domain/core/ids";
import type { FieldErrors, FormFailure, FormValues } from "~/lib/form-result";

export type { FormFailure, FormValues };

/** The field names a form schema reads (the keys of its input). */
export type FieldName<S extends z.ZodType> = Extract<keyof z.input<S>, string>;

/** A parsed form: the schema's output, or the failure to send back (typed by the schema's fields). */
export type ParsedForm<S extends z.ZodType> =
  | { ok: true; data: z.output<S>; values: FormValues<FieldName<S>> }
  | FormFailure<FieldName<S>>;

/** Plain key → value (repeated keys become arrays) from a form body; any key, even "toString", is data. */
function formEntries(form: FormData): Record<string, string | string[]> {
  const values = new Map<string, string | string[]>();
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const existing = values.get(key);
    if (existing === undefined) values.set(key, value);
    else values.set(key, Array.isArray(existing) ? [...existing, value] : [existing, value]);
  }
  return Object.fromEntries(values);
}

const NEVER_SENT_BACK = /^(password|current|next|confirm|new-password.*)$/;

/**
 * The submitted values to put back in the form, so nothing typed is lost
 * (passwords never). Repeated fields stay lists. `F` names the fields the page
 * may read: FormData's keys are plain strings, so this is the kit's one place
 * where they are taken as the schema's names.
 */
export function formValues<F extends string = string>(form: FormData): FormValues<F> {
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(formEntries(form))) {
    if (NEVER_SENT_BACK.test(key)) continue;
    values[key] = Array.isArray(value) ? value.map((v) => v.slice(0, 10_000)) : value.slice(0, 10_000);
  }
  return values as FormValues<F>;
}

export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}

/**
 * Parses a form with a zod schema: `{ ok: true, data, values }`, or the failure
 * (per-field messages and the submitted values) ready for `badRequest`.
 */
export function parseFormData<S extends z.ZodType>(form: FormData, schema: S): ParsedForm<S> {
  const values = formValues<FieldName<S>>(form);
  const result = schema.safeParse(formEntries(form));
  if (result.success) return { ok: true, data: result.data, values };
  return failure(z.flattenError(result.error), values);
}

function failure<F extends string>(
  flat: { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> },
  values: FormValues<F>,
): FormFailure<F> {
  const fieldErrors: FieldErrors = { ...flat.fieldErrors };
  if (flat.formErrors.length) fieldErrors.form = flat.formErrors;
  return { ok: false, message: "There is a problem", fieldErrors, values };
}

/** A problem with the whole form (not one field), with the submitted values kept. */
export function formProblem<F extends string>(message: string, values: FormValues<F>): FormFailure<F> {
  return { ok: false, message, fieldErrors: { form: [message] }, values };
}

/** The form sent back with 400 (or another status), so the page shows the errors and the values. */
export function badRequest<T extends FormFailure<string>>(failure: T, status = 400) {
  return data(failure, { status });
}

// Reusable field schemas: trimmed text with limits and plain-English messages.
export const text = (label: string, max = 2000) =>
  z
    .string({ error: `Enter ${label}` })
    .transform((value) => value.replace(/\r\n/g, "\n").trim())
    .pipe(
      z
        .string()
        .min(1, `Enter ${label}`)
        .max(max, `${label[0].toUpperCase()}${label.slice(1)} must be ${max} characters or fewer`)
        .refine((value) => !hasControlCharacters(value), {
          message: `${label[0].toUpperCase()}${label.slice(1)} must not contain control characters`,
        }),
    );

export const optionalText = (label: string, max = 2000) =>
  z.preprocess(
    (value) => (typeof value === "string" && value.trim() === "" ? undefined : value),
    text(label, max).optional(),
  );

export const id = (label: string) => idField(`Choose ${label}`);

export const isoDate = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter ${label} as a real date`)
    .refine((value) => {
      const ms = Date.parse(`${value}T00:00:00Z`);
      return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === value;
    }, `Enter ${label} as a real date`);

export const checkbox = z.preprocess(
  (value) => value === "on" || value === "true" || value === "1",
  z.boolean(),
);
