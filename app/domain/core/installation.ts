// This installation's own identity for feeds: a `tag:` authority and year,
// fixed the first time they are needed, so Atom entry ids and calendar UIDs
// stay the same when the site later moves to another domain (RFC 4151).
import { type Database, db } from "~db/client.server";
import { installation } from "~db/schema";

export type InstallationIdentity = { authority: string; year: string };

const known = new WeakMap<Database, InstallationIdentity>();

/** The stored identity; the first call writes it from `host` and `now`'s year. */
export async function installationIdentity(
  host: string,
  options: { now?: Date; database?: Database } = {},
): Promise<InstallationIdentity> {
  const database = options.database ?? db();
  const remembered = known.get(database);
  if (remembered) return remembered;
  const year = String((options.now ?? new Date()).getUTCFullYear());
  await database
    .insert(installation)
    .values({ id: 1, tagAuthority: host || "one-dialogue.invalid", tagYear: year })
    .onConflictDoNothing();
  const [row] = await database
    .select({ authority: installation.tagAuthority, year: installation.tagYear })
    .from(installation)
    .limit(1);
  const identity = { authority: row.authority, year: row.year };
  known.set(database, identity);
  return identity;
}
