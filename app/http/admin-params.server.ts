// The record id in an admin page's path: a positive number, or "new" for the
// create form. Anything else is a 404.
import { parseId } from "~/domain/core/ids";

export function editId(param: string | undefined): number | null {
  if (param === "new") return null;
  const id = parseId(param);
  if (id === null) throw new Response("Not found", { status: 404 });
  return id;
}

export function found<T>(row: T | undefined | null): T {
  if (!row) throw new Response("Not found", { status: 404 });
  return row;
}
