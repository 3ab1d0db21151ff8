import { data } from "@remix-run/node";
import { z } from "zod";
import { useFormFailure } from "~/components/forms";
import { badRequest, parseFormData } from "~/http/forms.server";
import { runAction } from "~/http/responses.server";

const schema = z.object({ name: z.string(), slug: z.string() });
export async function action() {
  const parsed = parseFormData(new FormData(), schema);
  if (!parsed.ok) return badRequest(parsed);
  const saved = await runAction(async () => ({ id: 1 }), parsed.values);
  if (!("id" in saved)) return saved;
  return data({ ok: true as const });
}
export function C() {
  const f = useFormFailure<typeof action>();
  const v: string | undefined = f.value("name");
  // @ts-expect-error not a field
  f.value("nmae");
  const e: Record<string, string[] | undefined> | undefined = f.errors;
  return [v, e];
}
