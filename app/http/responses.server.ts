// Turning domain refusals into HTTP: routes wrap their domain calls with these.
import { data } from "@remix-run/node";
import { DomainError } from "~/domain/core/errors";
import type { FormFailure, FormValues } from "~/lib/form-result";

const STATUS: Record<DomainError["kind"], number> = {
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid: 400,
};

/** A domain refusal as its HTTP answer: the matching status, the refusal's message as the body. */
export function toHttpError(error: DomainError): Response {
  return new Response(error.message, { status: STATUS[error.kind] });
}

/** Throws a refusal that no form can answer (forbidden, not found) as its HTTP answer. */
export function throwIfPageRefused(error: unknown): void {
  if (error instanceof DomainError && (error.kind === "forbidden" || error.kind === "not_found")) {
    throw toHttpError(error);
  }
}

/** Runs a domain read; a refusal becomes the matching HTTP answer. */
export async function readOrRefuse<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw error instanceof DomainError ? toHttpError(error) : error;
  }
}

/**
 * Runs a domain call for a form. A refusal the person can fix comes back as the
 * form's failure with the submitted `values` kept (400, or 409 for a stale form);
 * forbidden and not found become 403 and 404.
 */
export async function runAction<T, F extends string = never>(
  fn: () => Promise<T>,
  values: FormValues<F> = {},
) {
  try {
    return await fn();
  } catch (error) {
    throwIfPageRefused(error);
    if (error instanceof DomainError) {
      return data<FormFailure<F>>(
        { ok: false, message: error.message, fieldErrors: error.fieldErrors, values, current: error.current },
        { status: STATUS[error.kind] },
      );
    }
    throw error;
  }
}
