// Turning domain refusals into HTTP: routes wrap their domain calls with these.
import { data } from "@remix-run/node";
import { DomainError, type FieldErrors } from "~/domain/errors";

const STATUS: Record<DomainError["kind"], number> = {
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid: 400,
};

export type ActionFailure = {
  ok: false;
  message: string;
  fieldErrors: FieldErrors;
  current?: unknown;
};

/** Runs a domain call; a DomainError becomes the form's error data with the right status. */
export async function runAction<T>(fn: () => Promise<T>) {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof DomainError) {
      if (error.kind === "forbidden" || error.kind === "not_found") {
        throw new Response(error.message, { status: STATUS[error.kind] });
      }
      return data<ActionFailure>(
        { ok: false, message: error.message, fieldErrors: error.fieldErrors, current: error.current },
        { status: STATUS[error.kind] },
      );
    }
    throw error;
  }
}
