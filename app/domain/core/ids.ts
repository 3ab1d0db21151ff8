// Record ids as they arrive from outside (a path, a query string, a form field).
// Every id column is PostgreSQL's `integer`, so an id is written as digits only
// (`3`, never `3.0`, `03`, ` 3` or `3e0`) and is at most MAX_ID. This is the one
// place that rule lives; app/http turns a failure into a 404 or a form error.
import { z } from "zod";

/** The largest value of PostgreSQL's `integer`, the type of every id column. */
export const MAX_ID = 2_147_483_647;

const DIGITS = /^[1-9][0-9]{0,9}$/;

/** An id schema whose every failure reads `message` (a form field's "Choose …"). */
export function idField(message?: string) {
  const error = message === undefined ? undefined : { error: message };
  return z.string(error).regex(DIGITS, error).transform(Number).pipe(z.number().int().max(MAX_ID, error));
}

/** A record id: digits only, within PostgreSQL's integer. */
export const idSchema = idField();

/** The id written in `value`, or null when it is not one. */
export function parseId(value: unknown): number | null {
  const parsed = idSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
