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

/** Runs a domain call; a DomainError becomes the form's error data with the right status. */
export async function runAction<T>(fn: () => Promise<T>) {
  try {
    return await fn();
  } catch (error) {
    throwIfPageRefused(error);
    if (error instanceof DomainError) {
      return data<ActionFailure>(
        { ok: false, message: error.message, fieldErrors: error.fieldErrors, current: error.current },
        { status: STATUS[error.kind] },
      );
    }
    throw error;
  }
}
