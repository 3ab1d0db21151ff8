// remix-auth with the form strategy: e-mail and password, checked by the
// domain (app/domain/accounts/accounts.ts), which keeps the brute-force counts.
import { Authenticator } from "remix-auth";
import { FormStrategy } from "remix-auth-form";
import { z } from "zod";
import { emailSchema, SignInRefused, signIn } from "~/domain/accounts/accounts";

export const signInSchema = z.object({
  email: emailSchema,
  password: z
    .string({ error: "Enter your password" })
    .min(1, "Enter your password")
    .max(200, "Enter your password"),
});

/**
 * Signs in with the request's form; returns the user id or throws SignInRefused
 * with the message to show. The strategy's verifier sees only the form and the
 * request, so the client's address (for the per-address limit) is bound here.
 */
export function authenticate(request: Request, address: string) {
  const authenticator = new Authenticator<{ userId: number }>();
  authenticator.use(
    new FormStrategy(async ({ form }) => {
      const parsed = signInSchema.safeParse({ email: form.get("email"), password: form.get("password") });
      if (!parsed.success) throw new SignInRefused("Enter your e-mail address and password.");
      return signIn({ ...parsed.data, address });
    }),
    "password",
  );
  return authenticator.authenticate("password", request);
}
