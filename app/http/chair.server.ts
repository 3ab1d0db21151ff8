// The chair pages' guards and parameters. Every chair page first finds the
// assembly its record belongs to and requires its chair (403 otherwise,
// 404 for a record that does not exist); the domain checks again on writes.
import { requireChairOf, requireUser, type SignedIn } from "~/auth/guards.server";
import { parseId } from "~/domain/core/ids";
import { assemblyOf } from "~/domain/priorities/chair-workspace";

export function notFoundResponse(message = "Page not found"): never {
  throw new Response(message, { status: 404, statusText: "Not Found" });
}

/** A record id from the path, or 404. */
export function idParam(value: string | undefined): number {
  return parseId(value) ?? notFoundResponse();
}

export type ChairScope = { meeting: number } | { priority: number } | { task: number } | { concern: number };

/** The signed-in chair of the record's assembly (or an admin). */
export async function requireChairFor(
  request: Request,
  scope: ChairScope,
): Promise<SignedIn & { assemblyId: number }> {
  // Signed out: to the sign-in page first, whether or not the record exists.
  await requireUser(request);
  const assemblyId = await assemblyOf(scope);
  if (assemblyId == null) notFoundResponse();
  const viewer = await requireChairOf(request, assemblyId);
  return Object.assign(viewer, { assemblyId });
}

/** Every value of a repeated field (checkboxes), to tick them again when a form comes back. */
export function allValues(form: FormData, name: string): string[] {
  return form.getAll(name).filter((v): v is string => typeof v === "string");
}
