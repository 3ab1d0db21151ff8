// Raising a concern online, without signing in. It lands as `new` in the
// chair's moderation queue and is never public until moderated (see
// ./public-concerns). The resident gets its reference, and an acknowledgement
// when they gave an address. Spam is kept out by a honeypot field and a limit
// per address.
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { type Database, db } from "~db/client.server";
import { categories, concerns, neighbourhoods } from "~db/schema";
import { recordAudit } from "../core/audit";
import { hasControlCharacters } from "../core/control-characters";
import { invalid, notFound } from "../core/errors";
import { bucketFor, takeRateLimit } from "../core/rate-limits";
import { acknowledgeConcern } from "./concern-replies";
import { looksLikeHouseNumber } from "./concerns";

/** Five concerns an hour from one address is plenty for a person, and little for a bot. */
export const CONCERN_RATE_LIMIT = { limit: 5, windowMs: 60 * 60 * 1000 };

export const onlineConcernSchema = z.object({
  category: z.coerce
    .number({ error: "Choose what the concern is about" })
    .int()
    .positive("Choose what the concern is about"),
  location: z
    .string({ error: "Enter where it happens" })
    .transform((v) => v.trim())
    .pipe(
      z
        .string()
        .min(3, "Enter where it happens")
        .max(200, "Where it happens must be 200 characters or fewer")
        .refine((v) => !hasControlCharacters(v), "Remove control characters from where it happens")
        .refine((v) => !looksLikeHouseNumber(v), "Give the street or a landmark, not a house number"),
    ),
  wording: z
    .string({ error: "Describe the problem" })
    .transform((v) => v.replace(/\r\n/g, "\n").trim())
    .pipe(
      z
        .string()
        .min(10, "Describe the problem in a sentence or two")
        .max(2000, "The description must be 2000 characters or fewer")
        .refine((v) => !hasControlCharacters(v), "Remove control characters from the description"),
    ),
  contactName: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .trim()
      .max(120, "Your name must be 120 characters or fewer")
      .refine((v) => !hasControlCharacters(v), "Remove control characters from your name")
      .optional(),
  ),
  contactEmail: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.email("Enter an e-mail address like name@example.com").max(254).optional(),
  ),
  contactPhone: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{7,20}$/, "Enter a phone number like 01709 123456")
      .optional(),
  ),
  // The honeypot: hidden from people, filled in by bots.
  website: z.string().optional(),
});
export type OnlineConcernInput = z.infer<typeof onlineConcernSchema>;

export type RaiseResult =
  | { kind: "raised"; concernId: number; reference: string }
  | { kind: "ignored" }
  | { kind: "rate_limited" };

export async function raiseOnlineConcern(
  input: OnlineConcernInput & { neighbourhoodSlug: string; address: string },
  options: { now?: Date; database?: Database; publicUrl?: string } = {},
): Promise<RaiseResult> {
  const database = options.database ?? db();
  const now = options.now ?? new Date();
  // A bot filled the hidden field: pretend all went well, keep nothing.
  if (input.website && input.website.trim() !== "") return { kind: "ignored" };

  return database.transaction(async (tx) => {
    const [neighbourhood] = await tx
      .select({ id: neighbourhoods.id, assemblyId: neighbourhoods.assemblyId })
      .from(neighbourhoods)
      .where(eq(neighbourhoods.slug, input.neighbourhoodSlug))
      .limit(1);
    if (!neighbourhood) throw notFound("Neighbourhood not found");
    const [category] = await tx
      .select({ id: categories.id })
      .from(categories)
      .where(and(eq(categories.id, input.category)))
      .limit(1);
    if (!category) throw invalid("There is a problem", { category: ["Choose what the concern is about"] });

    if (!(await takeRateLimit(tx, bucketFor("concern", input.address), CONCERN_RATE_LIMIT, now))) {
      return { kind: "rate_limited" } as const;
    }
    const [row] = await tx
      .insert(concerns)
      .values({
        neighbourhoodId: neighbourhood.id,
        categoryId: category.id,
        source: "online",
        publicWording: input.wording,
        originalWording: input.wording,
        location: input.location,
        contactName: input.contactName ?? null,
        contactEmail: input.contactEmail ?? null,
        contactPhone: input.contactPhone ?? null,
        status: "new",
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: concerns.id, reference: concerns.reference });
    // The audit keeps what happened, not who the resident is.
    await recordAudit(tx, {
      actorUserId: null,
      action: "concern.raised_online",
      entityType: "concern",
      entityId: row.id,
      assemblyId: neighbourhood.assemblyId,
      after: {
        neighbourhoodId: neighbourhood.id,
        categoryId: category.id,
        location: input.location,
        wording: input.wording,
        contactGiven: Boolean(input.contactName || input.contactEmail || input.contactPhone),
      },
    });
    await acknowledgeConcern(tx, row.id, { publicUrl: options.publicUrl, now });
    return { kind: "raised", concernId: row.id, reference: row.reference } as const;
  });
}
