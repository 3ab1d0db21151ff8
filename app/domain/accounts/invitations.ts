// The invitation form's shape, shared by the admin page and the agency
// coordinators' team page.
import { z } from "zod";
import { membershipRoles } from "~db/schema";
import { idSchema } from "../core/ids";
import { emailSchema } from "./accounts";

const optionalId = z.preprocess((v) => (v === "" || v == null ? undefined : v), idSchema.optional());

export const invitationSchema = z.object({
  email: emailSchema,
  name: z
    .string({ error: "Enter their name" })
    .trim()
    .min(1, "Enter their name")
    .max(120, "Names are 120 characters or fewer")
    .refine((v) => !/[\u0000-\u001F\u007F]/.test(v), "Remove control characters"),
  agencyId: optionalId,
  role: z.preprocess(
    (v) => (v === "" || v == null ? "member" : v),
    z.enum(membershipRoles, { error: "Choose a role" }),
  ),
  chairOfAssemblyId: optionalId,
  isAdmin: z.preprocess((v) => v === "on" || v === "true", z.boolean()),
});

export type InvitationForm = z.infer<typeof invitationSchema>;
