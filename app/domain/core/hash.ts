// Single-use links (account invitations, agency invitations, password resets,
// subscriptions): a random token goes in the link and only its SHA-256 is
// stored. Below accounts and agency invitations, which both use it.
import { createHash, randomBytes } from "node:crypto";

/** Hex SHA-256: only the hash of a link's token is ever stored. */
export const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/** A new token for a link: 32 random bytes, URL-safe. */
export const newToken = () => randomBytes(32).toString("base64url");

/** How long an invitation link lasts, to an account or to an agency's team. */
export const INVITATION_DAYS = 7;
