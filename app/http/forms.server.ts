// Every form and API input is parsed with zod here: one way to read a form,
// one shape of per-field errors.
import { data } from "@remix-run/node";
import { z } from "zod";
import { hasControlCharacters } from "~/domain/control-characters";
import type { FieldErrors } from "~/domain/errors";
import { idField } from "~/domain/ids";

export type FormFailure = {
  ok: false;
  message: string;
  fieldErrors: FieldErrors;
  values: Record<string, string>;
};

/** Plain key → value (repeated keys become arrays) from a form body. */
export function formEntries(form: FormData): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const existing = values[key];
    if (existing === undefined) values[key] = value;
    else values[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return values;
}

/** The submitted values to put back in the form, so nothing typed is lost. */
export function echoValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && key !== "password" && !key.startsWith("new-password")) {
      values[key] = value.slice(0, 10_000);
    }
  }
  return values;
}

export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    return new FormData();
  }
}

/**
 * Parses a form with a zod schema. On failure returns `{ ok: false, … }` ready to hand
 * to `data(…, { status: 400 })`; on success `{ ok: true, data }`.
 */
export function parseFormData<S extends z.ZodType>(
  form: FormData,
  schema: S,
): { ok: true; data: z.infer<S> } | FormFailure {
  const result = schema.safeParse(formEntries(form));
  if (result.success) return { ok: true, data: result.data };
  const flat = z.flattenError(result.error);
  return {
    ok: false,
    message: "There is a problem",
    fieldErrors: {
      ...flat.fieldErrors,
      ...(flat.formErrors.length ? { form: flat.formErrors } : {}),
    } as FieldErrors,
    values: echoValues(form),
  };
}

export function badRequest(failure: FormFailure) {
  return data(failure, { status: 400 });
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
