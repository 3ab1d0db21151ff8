// A concern's reference, e.g. RC-7K3Q-9XMP: what the resident keeps to find
// out what happened. The database makes it (concern_reference() in the
// migration) from 8 characters of a 32-character alphabet with no look-alikes
// (no 0/O or 1/I), so it can be read out at a meeting and typed from a phone.
// 40 random bits (about 10^12 references) against lookups rate-limited per
// address (CONCERN_LOOKUP_RATE_LIMIT) means guessing even one of a million
// stored references takes an address decades: it cannot be enumerated.

import { randomBytes } from "node:crypto";

export const REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const CODE_LENGTH = 8;

/** Lookups from one address: plenty for a person checking a few references, hopeless for guessing. */
export const CONCERN_LOOKUP_RATE_LIMIT = { limit: 30, windowMs: 60 * 60 * 1000 };

/**
 * The canonical form of what someone typed (`rc 7k3q 9xmp`, `7K3Q9XMP`,
 * `RC-7K3Q-9XMP`), or null when it cannot be a reference.
 */
export function normaliseReference(typed: string): string | null {
  let code = typed.toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (code.length === CODE_LENGTH + 2 && code.startsWith("RC")) code = code.slice(2);
  if (code.length !== CODE_LENGTH) return null;
  if ([...code].some((c) => !REFERENCE_ALPHABET.includes(c))) return null;
  return `RC-${code.slice(0, 4)}-${code.slice(4)}`;
}

/** A reference that looks real but belongs to no concern: what a bot caught by the honeypot is shown. */
export function decoyReference(): string {
  const code = [...randomBytes(CODE_LENGTH)].map((byte) => REFERENCE_ALPHABET[byte % 32]).join("");
  return `RC-${code.slice(0, 4)}-${code.slice(4)}`;
}
