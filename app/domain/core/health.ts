// Whether the service can do its work: today, that the database answers.
import { pingDatabase } from "~db/client.server";

export type Health = { status: "ok" | "unavailable"; database: "ok" | "unreachable" };

/** A real round trip to the database, given up after a few seconds. */
export async function checkHealth(): Promise<Health> {
  try {
    await pingDatabase();
    return { status: "ok", database: "ok" };
  } catch {
    return { status: "unavailable", database: "unreachable" };
  }
}
