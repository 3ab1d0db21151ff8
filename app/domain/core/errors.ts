// What the domain throws when it refuses something. Routes turn these into
// responses (see app/http/responses.server.ts); the domain never sees HTTP.

export type FieldErrors = Record<string, string[] | undefined>;

export class DomainError extends Error {
  constructor(
    public readonly kind: "forbidden" | "not_found" | "conflict" | "invalid",
    message: string,
    public readonly fieldErrors: FieldErrors = {},
    /** For a conflict: the record as it is now, so the page can show it. */
    public readonly current?: unknown,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const forbidden = (message = "You do not have permission to do that.") =>
  new DomainError("forbidden", message);
export const notFound = (message = "Not found.") => new DomainError("not_found", message);
export const conflict = (message: string, current?: unknown) =>
  new DomainError("conflict", message, {}, current);
export const invalid = (message: string, fieldErrors: FieldErrors = {}) =>
  new DomainError("invalid", message, fieldErrors);

/** Optimistic locking: the message a user sees when someone else changed the record. */
export const STALE_TASK_MESSAGE = "This task changed since you opened it.";
