// The two "choose a password" pages (invitation, password reset) share this:
// show the form while the link is good, explain plainly when it is not.
import { data, redirect } from "@remix-run/node";
import { z } from "zod";
import { homeFor } from "~/auth/home.server";
import { startSession } from "~/auth/session.server";
import { env } from "~/config/env.server";
import { checkToken, passwordSchema, setPasswordWithToken, TokenProblem } from "~/domain/accounts/accounts";
import { loadViewer } from "~/domain/accounts/viewers";
import { NO_STORE } from "./conditional.server";
import { badRequest, parseFormData, readForm } from "./forms.server";

type Kind = "invitation" | "password_reset";

export const setPasswordSchema = z
  .object({ password: passwordSchema, confirm: z.string({ error: "Enter the password again" }) })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "The two passwords do not match" });

const headers = { "Cache-Control": NO_STORE, "Referrer-Policy": "no-referrer" };

export async function tokenPageLoader(kind: Kind, token: string) {
  try {
    const row = await checkToken(kind, token);
    return data({ ok: true as const, name: row.name, email: row.email, problem: null }, { headers });
  } catch (error) {
    if (error instanceof TokenProblem) {
      return data(
        { ok: false as const, name: "", email: "", problem: error.message },
        { status: error.reason === "missing" ? 404 : 410, headers },
      );
    }
    throw error;
  }
}

export async function tokenPageAction(kind: Kind, request: Request, token: string, address: string) {
  const form = await readForm(request);
  const parsed = parseFormData(form, setPasswordSchema);
  if (!parsed.ok) return badRequest({ ...parsed, problem: null });
  try {
    const { userId } = await setPasswordWithToken(
      kind,
      token,
      parsed.data.password,
      address,
      new Date(),
      env().PUBLIC_URL,
    );
    if (kind === "password_reset") throw redirect("/login?reset=1");
    // An accepted invitation signs the person straight in.
    const viewer = await loadViewer(userId);
    const session = await startSession(userId, request.headers.get("User-Agent") ?? "");
    throw redirect(viewer ? homeFor(viewer) : "/", { headers: { "Set-Cookie": session.setCookie } });
  } catch (error) {
    if (error instanceof TokenProblem) {
      // Not a field's problem: said once, above the form, as `problem`.
      const failure = { ok: false as const, message: error.message, fieldErrors: {}, values: {} };
      return badRequest({ ...failure, problem: error.message }, error.reason === "missing" ? 404 : 410);
    }
    throw error;
  }
}
